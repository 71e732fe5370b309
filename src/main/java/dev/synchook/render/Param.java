package dev.synchook.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.synchook.SynchookException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PipelineRun param from {@code NAME=VALUE}, like {@code tkn pipeline start -p}: a value with an
 * unescaped comma is an array ({@code a,b}); an array whose items are all {@code key:value} is an
 * object ({@code k1:v1,k2:v2}); {@code \,} is a literal comma; a trailing comma makes a one-item
 * array or object. Placeholders are replaced after this split, so context values never add items.
 */
public record Param(String name, JsonNode value) {

    public Param {
        value = value.deepCopy();
    }

    @Override
    public JsonNode value() {
        return value.deepCopy();
    }


    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final Pattern OBJECT_ITEM = Pattern.compile("([A-Za-z0-9_.-]+):(.*)", Pattern.DOTALL);
    private static final Pattern UNESCAPED_COMMA = Pattern.compile("(?<!\\\\),");

    public static Param parse(String flag) {
        int eq = flag.indexOf('=');
        if (eq < 0) {
            throw SynchookException.badInput("--param", flag, "has no '='", "write params as NAME=VALUE");
        }
        String name = flag.substring(0, eq).trim();
        checkName(name, flag);
        return new Param(name, parseValue(flag.substring(eq + 1)));
    }

    public static void checkName(String name, String flag) {
        if (!NAME.matcher(name).matches()) {
            throw SynchookException.badInput("--param", flag, "param name " + SynchookException.quote(name) + " is not valid",
                    "start with a letter or '_' and use letters, digits, '_', '-' or '.'");
        }
    }

    static JsonNode parseValue(String raw) {
        if (!UNESCAPED_COMMA.matcher(raw).find()) {
            return TextNode.valueOf(unescape(raw));
        }
        List<String> items = new ArrayList<>();
        for (String item : UNESCAPED_COMMA.split(raw, -1)) {
            if (!item.isEmpty()) {
                items.add(unescape(item));
            }
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (looksLikeObject(items)) {
            ObjectNode object = f.objectNode();
            for (String item : items) {
                Matcher m = OBJECT_ITEM.matcher(item);
                m.matches();
                object.put(m.group(1), m.group(2));
            }
            return object;
        }
        ArrayNode array = f.arrayNode();
        items.forEach(array::add);
        return array;
    }

    // URLs (scheme://) and repeated keys mean an array of strings, not an object.
    private static boolean looksLikeObject(List<String> items) {
        List<String> keys = new ArrayList<>();
        for (String item : items) {
            Matcher m = OBJECT_ITEM.matcher(item);
            if (!m.matches() || m.group(2).startsWith("//") || keys.contains(m.group(1))) {
                return false;
            }
            keys.add(m.group(1));
        }
        return !items.isEmpty();
    }

    private static String unescape(String text) {
        return text.replace("\\,", ",");
    }

    public ObjectNode toNode() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("name", name);
        node.set("value", value.deepCopy());
        return node;
    }
}
