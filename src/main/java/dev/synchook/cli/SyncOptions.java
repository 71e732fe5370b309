package dev.synchook.cli;

import dev.synchook.context.ContextKey;
import dev.synchook.context.Sourced;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What was synced, given explicitly. Each flag is also a setting ({@code --revision} =
 * {@code synchook.revision} = {@code SYNCHOOK_REVISION}); Argo CD's build-environment names
 * ({@code ARGOCD_APP_REVISION}, ...) come next; anything still missing is discovered.
 */
public class SyncOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--app", paramLabel = "NAME", description = "Argo CD application name ({{ app_name }}).")
    String app;

    @Option(names = "--app-namespace", paramLabel = "NS",
            description = "The application's destination namespace ({{ app_namespace }}); default: the pod's namespace.")
    String appNamespace;

    @Option(names = "--app-project", paramLabel = "PROJECT", description = "Argo CD project ({{ app_project }}).")
    String appProject;

    @Option(names = "--revision", paramLabel = "REV",
            description = "The synced revision: commit SHA, chart version or OCI digest ({{ revision }}).")
    String revision;

    @Option(names = "--revisions", paramLabel = "REV,REV",
            description = "Multi-source apps: every source's revision, comma-separated in source order ({{ revisions }}, {{ revisions[N] }}).")
    String revisions;

    @Option(names = "--revision-short", paramLabel = "REV", description = "Short revision ({{ revision_short }}); default: derived.")
    String revisionShort;

    @Option(names = "--repo-url", paramLabel = "URL", description = "Source repository URL ({{ repo_url }}).")
    String repoUrl;

    @Option(names = "--source-path", paramLabel = "PATH", description = "Source path in the repository ({{ source_path }}).")
    String sourcePath;

    @Option(names = "--target-revision", paramLabel = "REF", description = "The app's target revision, e.g. main ({{ target_revision }}).")
    String targetRevision;

    @Option(names = "--phase", paramLabel = "PHASE",
            description = "Hook phase: PostSync, SyncFail, PreSync or Sync ({{ phase }}); default: from the Job name, else PostSync.")
    String phase;

    @Option(names = "--operation-id", paramLabel = "ID",
            description = "What tells this sync operation from the next; default: the Job name's timestamp, else the Job UID.")
    String operationId;

    @Option(names = "--operation-started-at", paramLabel = "RFC3339", description = "Operation start ({{ operation_started_at }}).")
    String operationStartedAt;

    @Option(names = "--initiated-by", paramLabel = "WHO", description = "Who started the sync ({{ initiated_by }}).")
    String initiatedBy;

    @Option(names = "--previous-revision", paramLabel = "REV", description = "The last good revision ({{ previous_revision }}).")
    String previousRevision;

    @Option(names = "--image", paramLabel = "REF", description = "The synced image reference ({{ image }}); tag and digest derive from it.")
    String image;

    @Option(names = "--image-tag", paramLabel = "TAG", description = "The synced image tag ({{ image_tag }}).")
    String imageTag;

    @Option(names = "--image-digest", paramLabel = "DIGEST", description = "The synced image digest ({{ image_digest }}).")
    String imageDigest;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS",
            description = "Namespace of the PipelineRun ({{ namespace }}); default: the pod's namespace, else the kubeconfig's.")
    String namespace;

    @Option(names = "--job-name", paramLabel = "NAME",
            description = "The hook Job's name, from the downward API label job-name.")
    String jobName;

    @Option(names = "--job-uid", paramLabel = "UID",
            description = "The hook Job's UID, from the downward API label controller-uid.")
    String jobUid;

    @Option(names = "--pod-namespace", paramLabel = "NS", description = "The hook pod's namespace (downward API metadata.namespace).")
    String podNamespace;

    /** The explicit values, each with its source: the flag when given, else the setting that supplied it. */
    Map<ContextKey, Sourced> explicitValues() {
        Map<ContextKey, Sourced> values = new EnumMap<>(ContextKey.class);
        for (ContextKey key : ContextKey.values()) {
            sourced(key.flag()).ifPresent(v -> values.put(key, v));
        }
        return values;
    }

    Optional<Sourced> sourced(String flag) {
        OptionSpec option = command.findOption(flag);
        String value = option.getValue();
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        boolean onCommandLine = command.commandLine() != null && command.commandLine().getParseResult() != null
                && command.commandLine().getParseResult().hasMatchedOption(option);
        String source = onCommandLine ? "flag " + flag
                : ConfigDefaults.describeSource(ConfigDefaults.property(flag)).orElse("flag " + flag);
        return Optional.of(new Sourced(value, source));
    }
}
