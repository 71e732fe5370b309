package dev.synchook.context;

import java.util.Optional;

/**
 * A container image reference split the way registries do: {@code [host[:port]/]path[:tag][@digest]}.
 * The port of a registry host is not a tag: only a colon after the last slash starts one.
 */
public record ImageRef(String reference, String repository, Optional<String> tag, Optional<String> digest) {

    public static ImageRef parse(String reference) {
        String rest = reference.trim();
        Optional<String> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Optional.of(rest.substring(at + 1)).filter(d -> !d.isEmpty());
            rest = rest.substring(0, at);
        }
        Optional<String> tag = Optional.empty();
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = Optional.of(rest.substring(colon + 1)).filter(t -> !t.isEmpty());
            rest = rest.substring(0, colon);
        }
        return new ImageRef(reference.trim(), rest, tag, digest);
    }

    /** The tag, or for a digest-only reference the digest: what a pipeline deploys. */
    public Optional<String> tagOrDigest() {
        return tag.or(() -> digest);
    }

    /** True when {@code wanted} names this image's repository, with or without the default registry. */
    public boolean hasRepository(String wanted) {
        String w = wanted.trim();
        return repository.equals(w) || repository.equals("docker.io/" + w) || w.equals("docker.io/" + repository)
                || repository.equals("docker.io/library/" + w);
    }
}
