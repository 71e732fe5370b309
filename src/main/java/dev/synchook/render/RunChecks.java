package dev.synchook.render;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synchook.SynchookException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What synchook checks before any API call, so that a bad run fails with exit 2 and a message naming
 * the field instead of a half-understood rejection from the API server. Value formats (names,
 * durations) are checked once placeholders are substituted.
 */
final class RunChecks {

    static final List<String> VOLUME_SOURCES = List.of("persistentVolumeClaim", "volumeClaimTemplate", "emptyDir",
            "configMap", "secret", "projected", "csi");
    private static final Pattern GO_DURATION = Pattern.compile("0|([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+");
    private static final String FIX = "fix the PipelineRun template or the flag that sets it";

    private RunChecks() {
    }

    static void check(JsonNode run) {
        JsonNode spec = run.path("spec");
        boolean ref = spec.has("pipelineRef");
        boolean inline = spec.has("pipelineSpec");
        if (ref == inline) {
            throw SynchookException.badInput("spec", null, ref ? "has both pipelineRef and pipelineSpec" : "has no pipelineRef or pipelineSpec",
                    "name a Pipeline with --pipeline, a resolver with --pipeline-resolver, or put pipelineRef in the template");
        }
        if (ref) {
            JsonNode pipelineRef = spec.path("pipelineRef");
            if (!pipelineRef.isObject() || !pipelineRef.hasNonNull("name") && !pipelineRef.hasNonNull("resolver")) {
                throw SynchookException.badInput("spec.pipelineRef", pipelineRef.toString(), "has neither name nor resolver", FIX);
            }
            namedList(pipelineRef.path("params"), "spec.pipelineRef.params");
            checkName("spec.pipelineRef.name", pipelineRef.path("name"), "--pipeline");
        }
        namedList(spec.path("params"), "spec.params");
        Set<String> workspaces = namedList(spec.path("workspaces"), "spec.workspaces");
        for (int i = 0; i < workspaces.size(); i++) {
            JsonNode binding = spec.path("workspaces").get(i);
            List<String> sources = VOLUME_SOURCES.stream().filter(binding::has).toList();
            if (sources.size() != 1) {
                throw SynchookException.badInput("spec.workspaces[" + i + "]", binding.path("name").asText(),
                        sources.isEmpty() ? "has no volume source" : "has more than one volume source " + sources,
                        "bind each workspace to exactly one of " + VOLUME_SOURCES);
            }
        }
        JsonNode timeouts = spec.path("timeouts");
        for (String which : List.of("pipeline", "tasks", "finally")) {
            checkDuration("spec.timeouts." + which, timeouts.path(which));
        }
        checkName("spec.taskRunTemplate.serviceAccountName", spec.path("taskRunTemplate").path("serviceAccountName"),
                "--service-account");
    }

    /** A list of objects each with a unique, non-empty string name; returns the names. */
    private static Set<String> namedList(JsonNode list, String field) {
        Set<String> names = new java.util.LinkedHashSet<>();
        if (list.isMissingNode()) {
            return names;
        }
        if (!list.isArray()) {
            throw SynchookException.badInput(field, list.toString(), "is not a list", FIX);
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode name = list.get(i).path("name");
            if (!name.isTextual() || name.asText().isBlank()) {
                throw SynchookException.badInput(field + "[" + i + "].name", name.isMissingNode() ? "" : name.toString(),
                        "is missing", "give every entry a name");
            }
            if (!seen.add(name.asText())) {
                throw SynchookException.badInput(field + "[" + i + "].name", name.asText(), "is given twice", "keep one entry per name");
            }
            names.add(name.asText());
        }
        return names;
    }

    static void checkDuration(String field, JsonNode value) {
        if (value.isMissingNode() || value.isTextual() && value.asText().contains("{{")) {
            return;
        }
        if (!value.isTextual() || !GO_DURATION.matcher(value.asText()).matches()) {
            throw SynchookException.badInput(field, value.asText(), "is not a duration", "write a Go duration such as 1h, 30m or 1h30m");
        }
    }

    private static void checkName(String field, JsonNode value, String flag) {
        if (value.isMissingNode() || value.isTextual() && value.asText().contains("{{")) {
            return;
        }
        if (!value.isTextual() || !KubeNames.isDnsSubdomain(value.asText())) {
            throw SynchookException.badInput(flag, value.asText(), "is not a valid name (" + field + ")",
                    "use lower-case letters, digits, '-' and '.'");
        }
    }
}
