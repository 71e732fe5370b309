package dev.synchook.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synchook.SynchookException;
import dev.synchook.context.SyncPhase;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.render.RunTemplate;
import dev.synchook.render.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the routes file ({@code --routes}, {@code synchook.routes}):
 * <pre>
 * routes:
 *   - apps: [guestbook, "shop-*"]       # name globs, required
 *     projects: [default]               # optional
 *     phases: [PostSync]                # optional
 *     pipeline: build-and-deploy        # or template: templates/verify.yaml (relative to this file)
 *     namespace: ci
 *     params: ["git-revision={{ revision }}"]
 * </pre>
 * Unknown keys are errors, so that a typo does not silently route elsewhere.
 */
final class RoutesFile {

    private static final Set<String> KEYS = Set.of("apps", "projects", "phases", "pipeline", "template", "namespace", "params",
            "workspaces", "serviceAccount", "timeout", "prefixName", "imageRepository");

    private RoutesFile() {
    }

    static List<Route> read(Path file) {
        JsonNode root;
        try {
            root = Yaml.MAPPER.readTree(Files.readString(file));
        } catch (IOException e) {
            throw bad(file.toString(), "cannot be read as YAML (" + e.getClass().getSimpleName() + ")");
        }
        JsonNode routes = root == null ? null : root.get("routes");
        if (routes == null || !routes.isArray()) {
            throw bad(file.toString(), "has no list 'routes'");
        }
        List<Route> list = new ArrayList<>();
        for (int i = 0; i < routes.size(); i++) {
            list.add(route(routes.get(i), file + ": routes[" + i + "]", Optional.ofNullable(file.getParent()).orElse(Path.of("."))));
        }
        return list;
    }

    private static Route route(JsonNode node, String where, Path dir) {
        if (!node.isObject()) {
            throw bad(where, "is not a mapping");
        }
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext();) {
            String key = keys.next();
            if (!KEYS.contains(key)) {
                throw bad(where + "." + key, "unknown key; known: " + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        List<String> apps = strings(node, "apps", where);
        if (apps.isEmpty()) {
            throw bad(where + ".apps", "is missing; give at least one application name or glob");
        }
        List<SyncPhase> phases = strings(node, "phases", where).stream().map(p -> SyncPhase.parse(where + ".phases", p)).toList();
        Optional<ObjectNode> template = string(node, "template", where).map(t -> template(dir.resolve(t), where));
        if (template.isPresent() && node.has("pipeline")) {
            throw bad(where, "has both pipeline and template; a template names its own pipeline");
        }
        return new Route(apps, strings(node, "projects", where), phases, string(node, "pipeline", where), template,
                string(node, "namespace", where), strings(node, "params", where), strings(node, "workspaces", where),
                string(node, "serviceAccount", where), string(node, "timeout", where), string(node, "prefixName", where),
                string(node, "imageRepository", where));
    }

    private static ObjectNode template(Path file, String where) {
        try {
            return RunTemplate.parse(file.toString(), Files.readString(file));
        } catch (IOException e) {
            throw bad(where + ".template", file + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Optional<String> string(JsonNode node, String key, String where) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isValueNode()) {
            throw bad(where + "." + key, "is not a string");
        }
        return Optional.of(value.asText()).filter(s -> !s.isBlank());
    }

    private static List<String> strings(JsonNode node, String key, String where) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (value.isValueNode()) {
            return List.of(value.asText());
        }
        List<String> list = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isValueNode()) {
                throw bad(where + "." + key, "is not a list of strings");
            }
            list.add(item.asText());
        }
        return list;
    }

    private static SynchookException bad(String where, String problem) {
        return SynchookException.badInput("routes", where, problem, "fix the routes file (docs/webhook.md)");
    }
}
