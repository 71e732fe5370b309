package dev.synchook.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.synchook.SynchookException;
import dev.synchook.context.ContextKey;
import dev.synchook.context.SyncContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code {{ name }}} placeholders in the string values of a parsed tree. Substitution replaces text
 * inside one string node and never re-parses it, so a value can not change the tree's structure,
 * and a value that itself contains {@code {{ ... }}} is left as it is.
 */
public final class Placeholders {

    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}\\s]*)\\s*\\}\\}");
    /** One source's revision of a multi-source app: {@code {{ revisions[1] }}}. */
    private static final Pattern INDEXED = Pattern.compile("revisions\\[(\\d{1,3})\\]");

    private Placeholders() {
    }

    /** The known placeholders used anywhere in the tree; an unknown one is an error naming its path. */
    public static Set<ContextKey> used(JsonNode tree) {
        Set<ContextKey> keys = new LinkedHashSet<>();
        walk(tree, "", (path, text) -> {
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                keys.add(known(m.group(1), path));
            }
            return text;
        });
        return keys;
    }

    /** A copy of the tree with every placeholder replaced by its context value. */
    public static JsonNode substitute(JsonNode tree, SyncContext context) {
        return walk(tree.deepCopy(), "", (path, text) -> substitute(text, path, context));
    }

    static String substitute(String text, String path, SyncContext context) {
        Matcher m = PLACEHOLDER.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        do {
            ContextKey key = known(m.group(1), path);
            m.appendReplacement(out, Matcher.quoteReplacement(value(m.group(1), key, path, context)));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }

    private static String value(String name, ContextKey key, String path, SyncContext context) {
        String value = context.require(key, path);
        Matcher indexed = INDEXED.matcher(name);
        if (!indexed.matches()) {
            return value;
        }
        String[] revisions = value.split(",", -1);
        int index = Integer.parseInt(indexed.group(1));
        if (index >= revisions.length || revisions[index].isEmpty()) {
            throw SynchookException.badInput(path, "{{ " + name + " }}", "the sync has no revision for source " + index
                    + " (revisions: " + value + ")", "use an index from 0 to " + (revisions.length - 1));
        }
        return revisions[index];
    }

    private static ContextKey known(String name, String path) {
        if (INDEXED.matcher(name).matches()) {
            return ContextKey.REVISIONS;
        }
        return ContextKey.byPlaceholder(name).orElseThrow(() -> SynchookException.badInput(path, "{{ " + name + " }}",
                "unknown placeholder", "use one of " + names()));
    }

    static List<String> names() {
        List<String> names = new ArrayList<>();
        Arrays.stream(ContextKey.values()).forEach(k -> k.placeholder().ifPresent(names::add));
        names.add("revisions[N]");
        return names;
    }

    interface TextFunction {
        String apply(String path, String text);
    }

    /** Applies {@code fn} to every string value (not to keys), in place; returns the tree. */
    static JsonNode walk(JsonNode node, String path, TextFunction fn) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            List<Map.Entry<String, JsonNode>> replaced = new ArrayList<>();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String childPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                JsonNode child = walk(field.getValue(), childPath, fn);
                if (child != field.getValue()) {
                    replaced.add(Map.entry(field.getKey(), child));
                }
            }
            replaced.forEach(e -> object.set(e.getKey(), e.getValue()));
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode child = walk(array.get(i), path + "[" + i + "]", fn);
                if (child != array.get(i)) {
                    array.set(i, child);
                }
            }
            return array;
        }
        if (node.isTextual()) {
            String before = node.textValue();
            String after = fn.apply(path, before);
            return after.equals(before) ? node : TextNode.valueOf(after);
        }
        return node;
    }
}
