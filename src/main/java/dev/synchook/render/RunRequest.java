package dev.synchook.render;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to run, as {@code tkn pipeline start} takes it: a pipeline, params, workspaces, service
 * account, timeout, labels and annotations. String values may hold placeholders.
 */
public record RunRequest(
        Optional<String> pipeline,
        List<Param> params,
        List<Workspace> workspaces,
        Optional<String> serviceAccount,
        Optional<String> timeout,
        Map<String, String> labels,
        Map<String, String> annotations,
        Optional<String> prefixName) {

    public RunRequest {
        params = List.copyOf(params);
        workspaces = List.copyOf(workspaces);
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    public static RunRequest ofPipeline(String pipeline) {
        return new RunRequest(Optional.of(pipeline), List.of(), List.of(), Optional.empty(), Optional.empty(), Map.of(),
                Map.of(), Optional.empty());
    }
}
