package dev.synchook.webhook;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A delivery is authentic when it carries {@code Authorization: Bearer <token>} or
 * {@code X-Synchook-Signature: sha256=<hex>}, the HMAC-SHA256 of the raw body. Comparisons take the
 * same time whatever the input.
 */
@ApplicationScoped
public class WebhookAuth {

    public static final String SIGNATURE_HEADER = "X-Synchook-Signature";
    private static final String BEARER = "bearer ";
    private static final String SHA256 = "sha256=";

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

    public boolean authentic(String authorization, String signature, byte[] body) {
        return bearerMatches(authorization) || signatureMatches(signature, body);
    }

    private boolean bearerMatches(String authorization) {
        if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            return false;
        }
        Optional<byte[]> expected = token.get();
        byte[] given = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        // Digests first: MessageDigest.isEqual is constant-time only for inputs of equal length.
        return expected.isPresent() && MessageDigest.isEqual(sha256(given), sha256(expected.get()));
    }

    private boolean signatureMatches(String signature, byte[] body) {
        Optional<byte[]> secret = hmacSecret.get();
        if (signature == null || secret.isEmpty() || !signature.strip().toLowerCase(Locale.ROOT).startsWith(SHA256)) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature.strip().substring(SHA256.length()));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(given, hmac(secret.get(), body));
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
