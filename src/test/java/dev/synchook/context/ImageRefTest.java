package dev.synchook.context;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageRefTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
        "nginx,                                           nginx,                                 -,      -",
        "nginx:1.27,                                      nginx,                                 1.27,   -",
        "ghcr.io/acme/guestbook:1.4.2,                    ghcr.io/acme/guestbook,                1.4.2,  -",
        "registry.local:5000/team/sub/app:v2,             registry.local:5000/team/sub/app,      v2,     -",
        "registry.local:5000/team/app,                    registry.local:5000/team/app,          -,      -",
        "ghcr.io/acme/app@sha256:0123abcd,                ghcr.io/acme/app,                      -,      sha256:0123abcd",
        "ghcr.io/acme/app:1.0@sha256:0123abcd,            ghcr.io/acme/app,                      1.0,    sha256:0123abcd",
        "[::1]:5000/app:dev,                              [::1]:5000/app,                        dev,    -",
    })
    void splitsRepositoryTagAndDigest(String reference, String repository, String tag, String digest) {
        ImageRef ref = ImageRef.parse(reference);
        assertThat(ref.repository()).isEqualTo(repository);
        assertThat(ref.tag().orElse(null)).isEqualTo(tag);
        assertThat(ref.digest().orElse(null)).isEqualTo(digest);
    }

    @ParameterizedTest
    @CsvSource({"ghcr.io/acme/app@sha256:0123abcd, sha256:0123abcd", "ghcr.io/acme/app:1.0@sha256:0123abcd, 1.0"})
    void theTagOfADigestOnlyReferenceIsTheDigest(String reference, String expected) {
        assertThat(ImageRef.parse(reference).tagOrDigest()).contains(expected);
    }

    @ParameterizedTest
    @CsvSource({"nginx:1, nginx, true", "docker.io/library/nginx:1, nginx, true", "ghcr.io/acme/app:1, acme/app, false",
        "ghcr.io/acme/app:1, ghcr.io/acme/app, true"})
    void matchesRepositories(String reference, String wanted, boolean matches) {
        assertThat(ImageRef.parse(reference).hasRepository(wanted)).isEqualTo(matches);
    }
}
