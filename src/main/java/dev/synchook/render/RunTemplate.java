package dev.synchook.render;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.SynchookException;

/**
 * A PipelineRun template: the user's own YAML, {@code tekton.dev/v1} or {@code v1beta1}, with
 * placeholders in string values. It is parsed once into a tree; substitution later works on that
 * tree, so values never pass through the YAML parser.
 */
public final class RunTemplate {

    private RunTemplate() {
    }

    /** The parser's words without its excerpt of the source: "while parsing a flow mapping; expected ',' or '}'". */
    public static String yamlProblem(String message) {
        return message.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)) && !l.contains("in 'reader'"))
                .map(String::trim).reduce((a, b) -> a + "; " + b).orElse(message.trim());
    }

    /**
     * @param file the file name, for messages
     * @return the template as a {@code tekton.dev/v1} tree
     */
    public static ObjectNode parse(String file, String yaml) {
        JsonNode tree;
        try {
            tree = Yaml.MAPPER.readTree(yaml);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? file : file + ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw SynchookException.badInput("--template", where, "is not valid YAML: " + yamlProblem(e.getOriginalMessage()),
                    "fix the YAML at that line and column");
        }
        if (tree == null || !tree.isObject()) {
            throw SynchookException.badInput("--template", file, "does not hold a YAML mapping",
                    "put one PipelineRun (apiVersion, kind, metadata, spec) in the file");
        }
        ObjectNode run = (ObjectNode) tree;
        String kind = run.path("kind").asText("");
        if (!kind.equals("PipelineRun")) {
            throw SynchookException.badInput(file + " kind", kind, "is not PipelineRun", "the template must be a PipelineRun");
        }
        String apiVersion = run.path("apiVersion").asText("");
        return switch (apiVersion) {
            case ApiVersions.V1 -> run;
            case ApiVersions.V1BETA1 -> ApiVersions.toV1(run);
            default -> throw SynchookException.badInput(file + " apiVersion", apiVersion, "is not a PipelineRun version synchook renders",
                    "use tekton.dev/v1 (or tekton.dev/v1beta1)");
        };
    }
}
