package dev.synchook.context;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every value of a sync context. Most are template placeholders ({@code {{ revision }}}); each knows
 * the flag and environment names that can give it explicitly.
 */
public enum ContextKey {
    APP_NAME("app_name", "--app", "ARGOCD_APP_NAME"),
    APP_NAMESPACE("app_namespace", "--app-namespace", "ARGOCD_APP_NAMESPACE"),
    APP_PROJECT("app_project", "--app-project", "ARGOCD_APP_PROJECT_NAME"),
    REVISION("revision", "--revision", "ARGOCD_APP_REVISION"),
    REVISION_SHORT("revision_short", "--revision-short", "ARGOCD_APP_REVISION_SHORT"),
    /** Every source's revision of a multi-source app, comma-separated in source order; {@code {{ revisions[1] }}} is one. */
    REVISIONS("revisions", "--revisions", null),
    REPO_URL("repo_url", "--repo-url", "ARGOCD_APP_SOURCE_REPO_URL"),
    SOURCE_PATH("source_path", "--source-path", "ARGOCD_APP_SOURCE_PATH"),
    TARGET_REVISION("target_revision", "--target-revision", "ARGOCD_APP_SOURCE_TARGET_REVISION"),
    PHASE("phase", "--phase", null),
    OPERATION_STARTED_AT("operation_started_at", "--operation-started-at", null),
    INITIATED_BY("initiated_by", "--initiated-by", null),
    PREVIOUS_REVISION("previous_revision", "--previous-revision", null),
    IMAGE("image", "--image", null),
    IMAGE_TAG("image_tag", "--image-tag", null),
    IMAGE_DIGEST("image_digest", "--image-digest", null),
    /** The namespace the PipelineRun is created in. */
    NAMESPACE("namespace", "--namespace", null),
    /** What tells one sync operation from the next; part of the run name, not a placeholder. */
    OPERATION_ID(null, "--operation-id", null);

    private final String placeholder;
    private final String flag;
    private final String argocdEnv;

    ContextKey(String placeholder, String flag, String argocdEnv) {
        this.placeholder = placeholder;
        this.flag = flag;
        this.argocdEnv = argocdEnv;
    }

    /** The placeholder name ({@code revision} for {@code {{ revision }}}), empty when the key is not one. */
    public Optional<String> placeholder() {
        return Optional.ofNullable(placeholder);
    }

    /** The command-line flag that sets the value. */
    public String flag() {
        return flag;
    }

    /** The setting name behind the flag: {@code synchook.revision}. */
    public String property() {
        return "synchook." + flag.substring(2);
    }

    /** The environment spelling of the setting: {@code SYNCHOOK_REVISION}. */
    public String synchookEnv() {
        return "SYNCHOOK_" + flag.substring(2).replace('-', '_').toUpperCase(java.util.Locale.ROOT);
    }

    /** Argo CD's build-environment name for the value, if Argo CD has one. */
    public Optional<String> argocdEnv() {
        return Optional.ofNullable(argocdEnv);
    }

    /** The human name: the placeholder, or for non-placeholders the flag without dashes. */
    public String displayName() {
        return placeholder != null ? placeholder : flag.substring(2).replace('-', '_');
    }

    public static Optional<ContextKey> byPlaceholder(String name) {
        return Arrays.stream(values()).filter(k -> name.equals(k.placeholder)).findFirst();
    }
}
