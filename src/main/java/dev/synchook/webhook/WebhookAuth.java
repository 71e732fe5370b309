package dev.synchook.webhook;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A delivery is authentic when it carries {@code Authorization: Bearer <token>} or
 * {@code X-Synchook-Signature: sha256=<hex>}: the HMAC-SHA256 of the raw body, or, when the sender
 * also sends {@code X-Synchook-Timestamp: <unix seconds>}, of {@code <timestamp>.<body>}, so that a
 * captured delivery cannot be replayed outside the tolerance. Each of several tokens or secrets (one
 * per line, for rotation) is accepted; comparisons take the same time whatever the input.
 */
@ApplicationScoped
public class WebhookAuth {

    public static final String SIGNATURE_HEADER = "X-Synchook-Signature";
    public static final String TIMESTAMP_HEADER = "X-Synchook-Timestamp";
    private static final String BEARER = "bearer ";
    private static final String SHA256 = "sha256=";

    /** What the credentials say; the reason of a refusal is for the metrics and the log, never for the answer. */
    public enum Verdict {
        AUTHENTIC, NO_CREDENTIALS, WRONG_TOKEN, WRONG_SIGNATURE, TIMESTAMP_MISSING, TIMESTAMP_OUTSIDE_TOLERANCE;

        public String reason() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Inject
    WebhookSettings settings;

    private SecretValue token;
    private SecretValue hmacSecret;

    @PostConstruct
    void init() {
        token = new SecretValue("token", settings.token(), settings.tokenFile());
        hmacSecret = new SecretValue("HMAC secret", settings.hmacSecret(), settings.hmacSecretFile());
    }

    /** False when neither a token nor an HMAC secret is set: then every request is refused. */
    public boolean configured() {
        return token.configured() || hmacSecret.configured();
    }

    /**
     * The check that needs no body: a bearer token decides here; a signature can only be checked once the
     * body is read ({@link #signed}). Empty when a signature is to be checked.
     */
    public java.util.Optional<Verdict> beforeBody(String authorization, String signature) {
        if (authorization != null && authorization.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            return java.util.Optional.of(bearerMatches(authorization) ? Verdict.AUTHENTIC : Verdict.WRONG_TOKEN);
        }
        if (signature == null || signature.isBlank()) {
            return java.util.Optional.of(Verdict.NO_CREDENTIALS);
        }
        return java.util.Optional.empty();
    }

    /** The whole check: the bearer token, else the signature over the body (and timestamp). */
    public Verdict authentic(String authorization, String signature, String timestamp, byte[] body, Instant now) {
        return beforeBody(authorization, signature).orElseGet(() -> signed(signature, timestamp, body, now));
    }

    private boolean bearerMatches(String authorization) {
        byte[] given = sha256(authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8));
        boolean match = false;
        // Digests first: MessageDigest.isEqual is constant-time only for inputs of equal length. Every token is compared.
        for (byte[] expected : token.values()) {
            match |= MessageDigest.isEqual(given, sha256(expected));
        }
        return match;
    }

    Verdict signed(String signature, String timestamp, byte[] body, Instant now) {
        List<byte[]> secrets = hmacSecret.values();
        if (secrets.isEmpty() || !signature.strip().toLowerCase(Locale.ROOT).startsWith(SHA256)) {
            return Verdict.WRONG_SIGNATURE;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature.strip().substring(SHA256.length()));
        } catch (IllegalArgumentException e) {
            return Verdict.WRONG_SIGNATURE;
        }
        byte[] signedBytes = body;
        if (timestamp == null || timestamp.isBlank()) {
            if (settings.requireTimestamp()) {
                return Verdict.TIMESTAMP_MISSING;
            }
        } else {
            byte[] prefix = (timestamp.strip() + ".").getBytes(StandardCharsets.UTF_8);
            signedBytes = new byte[prefix.length + body.length];
            System.arraycopy(prefix, 0, signedBytes, 0, prefix.length);
            System.arraycopy(body, 0, signedBytes, prefix.length, body.length);
        }
        boolean match = false;
        for (byte[] secret : secrets) {
            match |= MessageDigest.isEqual(given, hmac(secret, signedBytes));
        }
        if (!match) {
            return Verdict.WRONG_SIGNATURE;
        }
        // Only a genuine timestamp is judged: a forged one is already a wrong signature.
        if (timestamp != null && !timestamp.isBlank() && !withinTolerance(timestamp.strip(), now)) {
            return Verdict.TIMESTAMP_OUTSIDE_TOLERANCE;
        }
        return Verdict.AUTHENTIC;
    }

    private boolean withinTolerance(String timestamp, Instant now) {
        if (!timestamp.matches("[0-9]{1,12}")) {
            return false;
        }
        long seconds = Long.parseLong(timestamp);
        return Math.abs(now.getEpochSecond() - seconds) <= settings.timestampTolerance().toSeconds();
    }

    static byte[] hmac(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
