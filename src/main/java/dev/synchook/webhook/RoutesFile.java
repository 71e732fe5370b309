package dev.synchook.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.SynchookException;
import dev.synchook.context.ApplicationFacts;
import dev.synchook.context.Discovery;
import dev.synchook.context.ImageSelector;
import dev.synchook.context.SyncPhase;
import dev.synchook.plan.RunConfig;
import dev.synchook.render.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Reads the routes file ({@code --routes}, {@code synchook.routes}):
 * <pre>
 * routes:
 *   - apps: [guestbook, "shop-*"]       # name globs, required
 *     projects: [default]               # optional
 *     phases: [PostSync]                # optional
 *     namespace: ci                     # where the runs go
 *     pipeline: build-and-deploy        # and every other key of a --config file: template (relative to this
 *     params: ["git-revision={{ revision }}"]   # file), pipelineResolver, pipelineParams, workspaces, labels, ...
 *     imageRepository: ghcr.io/acme/web # which synced image is {{ image }}; also imageFrom
 *     sourceRepoUrl: https://...        # multi-source apps: which source is {{ revision }}; also sourceIndex
 *     trustPayload: false               # refuse unconfirmed operations even with synchook.webhook.trust-payload=true
 * </pre>
 * Unknown keys are errors, so that a typo does not silently route elsewhere.
 */
final class RoutesFile {

    private static final Set<String> ROUTE_KEYS = Set.of("apps", "projects", "phases", "namespace", "imageRepository",
            "imageFrom", "sourceRepoUrl", "sourceIndex", "trustPayload");

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
        Path dir = Optional.ofNullable(file.getParent()).orElse(Path.of("."));
        List<Route> list = new ArrayList<>();
        for (int i = 0; i < routes.size(); i++) {
            list.add(route(routes.get(i), file + ": routes[" + i + "]", dir));
        }
        return list;
    }

    private static Route route(JsonNode node, String where, Path dir) {
        if (!node.isObject()) {
            throw bad(where, "is not a mapping");
        }
        Set<String> known = new HashSet<>(ROUTE_KEYS);
        known.addAll(RunConfig.KEYS);
        RunConfig.checkKeys(node, where, known, null);
        List<String> apps = strings(node, "apps", where);
        if (apps.isEmpty()) {
            throw bad(where + ".apps", "is missing; give at least one application name or glob");
        }
        List<SyncPhase> phases = strings(node, "phases", where).stream().map(p -> SyncPhase.parse(where + ".phases", p)).toList();
        ObjectNode run = ((ObjectNode) node).deepCopy();
        run.remove(ROUTE_KEYS);
        return new Route(where, apps, strings(node, "projects", where), phases, RunConfig.layer(run, where, dir),
                string(node, "namespace", where), discovery(node, where), mayTrustPayload(node, where));
    }

    /** {@code trustPayload: false} only: a route may be stricter than {@code synchook.webhook.trust-payload}, never looser. */
    private static boolean mayTrustPayload(JsonNode node, String where) {
        Optional<String> value = string(node, "trustPayload", where);
        if (value.isEmpty() || value.get().equals("false")) {
            return value.isEmpty();
        }
        throw bad(where + ".trustPayload", SynchookException.quote(value.get())
                + " is not allowed: a route may only refuse what the setting allows (trustPayload: false); "
                + "trusting payloads is the setting synchook.webhook.trust-payload");
    }

    /** What the route changes in discovery: each key replaces the setting of the same name. */
    private static UnaryOperator<Discovery> discovery(JsonNode node, String where) {
        Optional<String> imageFrom = string(node, "imageFrom", where);
        Optional<String> imageRepository = string(node, "imageRepository", where);
        Optional<String> sourceRepoUrl = string(node, "sourceRepoUrl", where);
        Optional<Integer> sourceIndex = string(node, "sourceIndex", where).map(i -> {
            try {
                return Integer.parseUnsignedInt(i);
            } catch (NumberFormatException e) {
                throw bad(where + ".sourceIndex", "is not a source index (0, 1, ...)");
            }
        });
        // Checked now, so that a bad selector stops serve at start-up.
        new ImageSelector(imageFrom, imageRepository);
        return base -> new Discovery(base.enabled(), base.argocdNamespace(), base.appLabelKey(),
                new ApplicationFacts.SourceSelector(sourceRepoUrl.or(() -> base.sources().repoUrl()),
                        sourceIndex.or(() -> base.sources().index())),
                new ImageSelector(imageFrom.or(() -> base.images().fromResource()),
                        imageRepository.or(() -> base.images().repository())));
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
