package dev.synchook.plan;

import dev.synchook.SynchookException;
import dev.synchook.context.ApplicationFacts;
import dev.synchook.context.Discovery;
import dev.synchook.context.ImageSelector;
import java.util.Locale;
import java.util.Optional;

/** How far discovery goes and what it picks, from the same settings for both doors ({@code --discover}, {@code --argocd-namespace}, ...). */
public final class DiscoverySettings {

    private DiscoverySettings() {
    }

    public static Discovery read(SettingSource settings) {
        boolean enabled = settings.value("discover").map(v -> bool("--discover", v)).orElse(true);
        Optional<Integer> index = settings.value("source-index").map(DiscoverySettings::index);
        return new Discovery(enabled, settings.value("argocd-namespace").orElse(Discovery.DEFAULT.argocdNamespace()),
                settings.value("app-label-key").orElse(Discovery.DEFAULT_APP_LABEL),
                new ApplicationFacts.SourceSelector(settings.value("source-repo-url"), index),
                new ImageSelector(settings.value("image-from"), settings.value("image-repository")));
    }

    static int index(String text) {
        try {
            int index = Integer.parseInt(text.strip());
            if (index >= 0) {
                return index;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw SynchookException.badInput("--source-index", text, "is not a source index", "count sources from 0");
    }

    static boolean bool(String flag, String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw SynchookException.badInput(flag, text, "is not true or false", "write true or false");
        };
    }
}
