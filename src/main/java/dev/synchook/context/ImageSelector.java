package dev.synchook.context;

import dev.synchook.SynchookException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Picks "the" image of a sync: the image of a named synced resource ({@code --image-from
 * Deployment/web[:NAME]}), the one whose repository matches ({@code --image-repository}), or the
 * only one there is. Argo CD records images per resource, not per container, so {@code :NAME}
 * picks the image whose repository ends in {@code /NAME}.
 */
public record ImageSelector(Optional<String> fromResource, Optional<String> repository) {

    public static final ImageSelector NONE = new ImageSelector(Optional.empty(), Optional.empty());

    /** The chosen image, or why none could be chosen. */
    public record Choice(Optional<String> image, String reason) {
    }

    public ImageSelector {
        fromResource.ifPresent(ImageSelector::checkResource);
    }

    public Choice choose(ApplicationFacts facts) {
        List<ApplicationFacts.SyncedImages> synced = facts.images();
        List<String> candidates = new ArrayList<>();
        if (fromResource.isPresent()) {
            String spec = fromResource.get();
            String[] kindAndRest = spec.split("/", 2);
            String[] nameAndImage = kindAndRest[1].split(":", 2);
            for (ApplicationFacts.SyncedImages r : synced) {
                if (r.kind().equalsIgnoreCase(kindAndRest[0]) && r.name().equals(nameAndImage[0])) {
                    candidates.addAll(r.images());
                }
            }
            if (nameAndImage.length == 2) {
                candidates.removeIf(i -> !lastSegment(ImageRef.parse(i).repository()).equals(nameAndImage[1]));
            }
            if (candidates.isEmpty()) {
                return new Choice(Optional.empty(), "no image of a synced " + spec + " in " + facts.imagesField()
                        + " (synced: " + describe(synced) + ")");
            }
        } else {
            candidates.addAll(facts.allImages());
        }
        if (repository.isPresent()) {
            candidates.removeIf(i -> !ImageRef.parse(i).hasRepository(repository.get()));
            if (candidates.isEmpty()) {
                return new Choice(Optional.empty(), "no synced image has repository " + repository.get()
                        + " (candidates: " + facts.allImages() + ")");
            }
        }
        Set<String> distinct = new java.util.LinkedHashSet<>(candidates);
        if (distinct.size() == 1) {
            return new Choice(distinct.stream().findFirst(), null);
        }
        if (distinct.isEmpty()) {
            return new Choice(Optional.empty(), "the Application lists no images in " + facts.imagesField());
        }
        return new Choice(Optional.empty(), "the sync has several images " + distinct
                + "; choose one with --image-from KIND/NAME or --image-repository REPO");
    }

    private static String describe(List<ApplicationFacts.SyncedImages> synced) {
        List<String> out = new ArrayList<>();
        synced.forEach(r -> out.add((r.kind().isEmpty() ? "app" : r.kind() + "/" + r.name()) + " " + r.images()));
        return String.join(", ", out);
    }

    private static String lastSegment(String repository) {
        return repository.substring(repository.lastIndexOf('/') + 1);
    }

    private static void checkResource(String spec) {
        String[] parts = spec.split("/", 2);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank() || parts[1].startsWith(":")) {
            throw SynchookException.badInput("--image-from", spec, "is not KIND/NAME[:IMAGE_NAME]",
                    "write e.g. --image-from Deployment/web or Deployment/web:app");
        }
    }
}
