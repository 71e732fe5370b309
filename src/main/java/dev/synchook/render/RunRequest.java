package dev.synchook.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to run: a PipelineRun template, or as {@code tkn pipeline start} takes it, a pipeline
 * (by name or resolver), params, workspaces, service account, timeout, labels and annotations,
 * which also apply on top of a template. String values may hold placeholders.
 */
public record RunRequest(
        Optional<ObjectNode> template,
        Optional<String> pipeline,
        Optional<String> pipelineResolver,
        List<Param> pipelineParams,
        List<Param> params,
        List<Workspace> workspaces,
        Optional<String> serviceAccount,
        Optional<String> timeout,
        Map<String, String> labels,
        Map<String, String> annotations,
        Optional<String> prefixName,
        boolean keepTemplateName) {

    public static final RunRequest EMPTY = new RunRequest(Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
            List.of(), List.of(), Optional.empty(), Optional.empty(), Map.of(), Map.of(), Optional.empty(), false);

    public RunRequest {
        template = template.map(ObjectNode::deepCopy);
        pipelineParams = List.copyOf(pipelineParams);
        params = List.copyOf(params);
        workspaces = List.copyOf(workspaces);
        // insertion order is kept so that the rendered YAML is the same on every run
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    }

    /** A copy: the request stays as it was built, whatever a caller does with the tree. */
    @Override
    public Optional<ObjectNode> template() {
        return template.map(ObjectNode::deepCopy);
    }

    /** The flags-only form, as {@code tkn pipeline start} has it. */
    public RunRequest(Optional<String> pipeline, List<Param> params, List<Workspace> workspaces, Optional<String> serviceAccount,
            Optional<String> timeout, Map<String, String> labels, Map<String, String> annotations, Optional<String> prefixName) {
        this(Optional.empty(), pipeline, Optional.empty(), List.of(), params, workspaces, serviceAccount, timeout, labels,
                annotations, prefixName, false);
    }

    public static RunRequest ofPipeline(String pipeline) {
        return EMPTY.withPipeline(pipeline);
    }

    public RunRequest withPipeline(String name) {
        return new RunRequest(template, Optional.of(name), Optional.empty(), List.of(), params, workspaces, serviceAccount,
                timeout, labels, annotations, prefixName, keepTemplateName);
    }

    public RunRequest withTemplate(ObjectNode run) {
        return new RunRequest(Optional.of(run), Optional.empty(), Optional.empty(), List.of(), params, workspaces, serviceAccount,
                timeout, labels, annotations, prefixName, keepTemplateName);
    }

    /**
     * This request with {@code top} applied over it: top's values win, params and workspaces are
     * merged by name, labels and annotations by key. A template in {@code top} brings its own
     * pipeline reference, so it replaces the one below.
     */
    public RunRequest overlay(RunRequest top) {
        boolean topRef = top.template.isPresent() || top.pipeline.isPresent() || top.pipelineResolver.isPresent();
        return new RunRequest(
                top.template.or(() -> template),
                topRef ? top.pipeline : pipeline,
                topRef ? top.pipelineResolver : pipelineResolver,
                topRef ? top.pipelineParams : pipelineParams,
                byName(params, top.params, Param::name),
                byName(workspaces, top.workspaces, Workspace::name),
                top.serviceAccount.or(() -> serviceAccount),
                top.timeout.or(() -> timeout),
                merged(labels, top.labels),
                merged(annotations, top.annotations),
                top.prefixName.or(() -> prefixName),
                keepTemplateName || top.keepTemplateName);
    }

    private static <T> List<T> byName(List<T> below, List<T> above, java.util.function.Function<T, String> name) {
        Map<String, T> merged = new LinkedHashMap<>();
        below.forEach(t -> merged.put(name.apply(t), t));
        above.forEach(t -> merged.put(name.apply(t), t));
        return new ArrayList<>(merged.values());
    }

    private static Map<String, String> merged(Map<String, String> below, Map<String, String> above) {
        Map<String, String> merged = new LinkedHashMap<>(below);
        merged.putAll(above);
        return merged;
    }
}
