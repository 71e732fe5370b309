package dev.synchook.cli;

import dev.synchook.context.Discovery;
import picocli.CommandLine.Option;

/**
 * How far discovery goes and what it picks. Declared here for parsing and {@code --help}; the values
 * are read with every other setting through {@link CommandLineSettings}, the same way {@code serve} reads them.
 */
public class DiscoveryOptions {

    @Option(names = "--discover", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Read the hook Job and the Argo CD Application for values not given explicitly (default: ${DEFAULT-VALUE}).")
    boolean discover = true;

    @Option(names = "--argocd-namespace", paramLabel = "NS", defaultValue = "argocd",
            description = "Where the Applications live, unless the tracking id or the notification names another namespace "
                    + "(default: ${DEFAULT-VALUE}).")
    String argocdNamespace;

    @Option(names = "--app-label-key", paramLabel = "KEY", defaultValue = Discovery.DEFAULT_APP_LABEL,
            description = "The label that names the app when Argo CD tracks resources by label (default: ${DEFAULT-VALUE}).")
    String appLabelKey;

    @Option(names = "--source-repo-url", paramLabel = "URL",
            description = "Multi-source apps: the source whose revision is {{ revision }}, by repo URL.")
    String sourceRepoUrl;

    @Option(names = "--source-index", paramLabel = "N", description = "Multi-source apps: the source by index (0-based).")
    String sourceIndex;

    @Option(names = "--image-from", paramLabel = "KIND/NAME[:IMAGE]",
            description = "Take the image of this synced resource, e.g. Deployment/web (or Deployment/web:app).")
    String imageFrom;

    @Option(names = "--image-repository", paramLabel = "REPO", description = "Take the synced image of this repository, e.g. ghcr.io/acme/web.")
    String imageRepository;
}
