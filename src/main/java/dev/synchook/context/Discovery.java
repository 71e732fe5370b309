package dev.synchook.context;

/**
 * How far discovery may go and what it looks for.
 *
 * @param enabled read the hook Job and the Application when explicit values are missing
 * @param argocdNamespace where Applications live unless the tracking id names another namespace
 * @param appLabelKey the label that names the app with label tracking
 */
public record Discovery(boolean enabled, String argocdNamespace, String appLabelKey,
        ApplicationFacts.SourceSelector sources, ImageSelector images) {

    public static final String TRACKING_ANNOTATION = "argocd.argoproj.io/tracking-id";
    public static final String DEFAULT_APP_LABEL = "app.kubernetes.io/instance";
    public static final Discovery DEFAULT = new Discovery(true, "argocd", DEFAULT_APP_LABEL,
            ApplicationFacts.SourceSelector.DEFAULT, ImageSelector.NONE);
    public static final Discovery OFF = new Discovery(false, "argocd", DEFAULT_APP_LABEL,
            ApplicationFacts.SourceSelector.DEFAULT, ImageSelector.NONE);
}
