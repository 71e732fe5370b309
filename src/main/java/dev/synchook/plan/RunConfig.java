package dev.synchook.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.SynchookException;
import dev.synchook.UserFiles;
import dev.synchook.context.SyncPhase;
import dev.synchook.render.Param;
import dev.synchook.render.RunRequest;
import dev.synchook.render.RunTemplate;
import dev.synchook.render.Workspace;
import dev.synchook.render.Yaml;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code --config} file: what to run by default and, under {@code phases:}, per hook phase. A route
 * of {@code serve}'s routes file takes the same keys, read by {@link #layer}.
 *
 * <pre>
 * pipeline: post-deploy-verify
 * params: {revision: "{{ revision }}"}
 * phases:
 *   SyncFail:
 *     pipeline: rollback
 *     params: ["to-revision={{ previous_revision }}"]
 * </pre>
 */
public record RunConfig(RunRequest defaults, Map<SyncPhase, RunRequest> phases) {

    public static final RunConfig NONE = new RunConfig(RunRequest.EMPTY, Map.of());
    /** The keys of one layer: the same names as the flags, in camelCase. */
    public static final Set<String> KEYS = Set.of("pipeline", "template", "pipelineResolver", "pipelineParams", "params",
            "workspaces", "serviceAccount", "timeout", "labels", "annotations", "prefixName", "keepTemplateName");

    public RunConfig {
        phases = Map.copyOf(phases);
    }

    RunRequest forPhase(SyncPhase phase) {
        return phases.getOrDefault(phase, RunRequest.EMPTY);
    }

    public static RunConfig read(String file) {
        JsonNode root;
        try {
            root = Yaml.MAPPER.readTree(UserFiles.read(file));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? file : file + ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr();
            throw SynchookException.badInput("--config", where, "is not valid YAML: " + RunTemplate.yamlProblem(e.getOriginalMessage()), "fix the YAML there");
        }
        if (root == null || !root.isObject()) {
            throw SynchookException.badInput("--config", file, "does not hold a YAML mapping", "see README \"Per-phase configuration\"");
        }
        Path dir = Optional.ofNullable(Path.of(file).getParent()).orElse(Path.of("."));
        Map<SyncPhase, RunRequest> phases = new EnumMap<>(SyncPhase.class);
        root.path("phases").properties().forEach(e -> phases.put(SyncPhase.parse(file + " phases." + e.getKey(), e.getKey()),
                layer(e.getValue(), file + " phases." + e.getKey(), dir)));
        ObjectNode defaults = ((ObjectNode) root).deepCopy();
        defaults.remove("phases");
        checkKeys(defaults, file, KEYS, "phases");
        root.path("phases").properties().forEach(e -> checkKeys(e.getValue(), file + " phases." + e.getKey(), KEYS, null));
        return new RunConfig(layer(defaults, file, dir), phases);
    }

    /**
     * One layer of what to run, from a YAML mapping; files it names are relative to {@code dir}.
     * Keys outside {@link #KEYS} are the caller's to check.
     */
    public static RunRequest layer(JsonNode node, String where, Path dir) {
        Optional<ObjectNode> template = text(node, "template").map(t -> {
            String path = dir.resolve(t).toString();
            return RunTemplate.parse(path, UserFiles.read(path));
        });
        Map<String, String> labels = stringMap(node.path("labels"), where + " labels");
        Map<String, String> annotations = stringMap(node.path("annotations"), where + " annotations");
        return new RunRequest(template, text(node, "pipeline"), text(node, "pipelineResolver"),
                params(node.path("pipelineParams"), where), params(node.path("params"), where),
                strings(node.path("workspaces")).stream().map(w -> Workspace.parse(w, f -> UserFiles.read(dir.resolve(f).toString())))
                        .toList(),
                text(node, "serviceAccount"), text(node, "timeout"), labels, annotations, text(node, "prefixName"),
                node.path("keepTemplateName").asBoolean(false));
    }

    /** Refuses keys that are not settings: a typo must not silently run something else. */
    public static void checkKeys(JsonNode node, String where, Set<String> known, String more) {
        node.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                throw SynchookException.badInput(where, key, "is not a known key",
                        "use one of " + new java.util.TreeSet<>(known) + (more == null ? "" : " or " + more));
            }
        });
    }

    /** Params as a list of NAME=VALUE (flag syntax) or a mapping NAME: VALUE, where VALUE may be a list or object. */
    private static List<Param> params(JsonNode node, String where) {
        List<Param> params = new ArrayList<>();
        if (node.isObject()) {
            node.properties().forEach(e -> {
                Param.checkName(e.getKey(), e.getKey());
                params.add(new Param(e.getKey(), e.getValue().isValueNode() ? Yaml.JSON.getNodeFactory().textNode(e.getValue().asText())
                        : e.getValue()));
            });
        } else {
            strings(node).forEach(p -> params.add(Param.parse(p)));
        }
        return params;
    }

    private static Optional<String> text(JsonNode node, String key) {
        return Optional.ofNullable(node.get(key)).filter(JsonNode::isValueNode).map(JsonNode::asText).filter(s -> !s.isBlank());
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Map<String, String> stringMap(JsonNode node, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!node.isMissingNode() && !node.isObject()) {
            throw SynchookException.badInput(where, node.toString(), "is not a mapping", "write key: value pairs");
        }
        node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
