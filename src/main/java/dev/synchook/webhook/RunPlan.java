package dev.synchook.webhook;

import dev.synchook.render.RunRequest;
import java.util.Optional;

/** What to run for one application: the request, where it runs, and which of the app's images is {@code {{ image }}}. */
public record RunPlan(RunRequest request, String namespace, Optional<String> imageRepository) {
}
