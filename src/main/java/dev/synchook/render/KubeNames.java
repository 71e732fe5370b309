package dev.synchook.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** Kubernetes name and label rules, and the short hashes that keep long or odd values within them. */
public final class KubeNames {

    public static final int MAX_NAME = 63;
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_KEY_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

    private KubeNames() {
    }

    public static boolean isLabelValue(String value) {
        return LABEL_VALUE.matcher(value).matches();
    }

    public static boolean isDnsSubdomain(String value) {
        return value.length() <= 253 && DNS_SUBDOMAIN.matcher(value).matches();
    }

    /** A label key: optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
    public static boolean isLabelKey(String key) {
        int slash = key.lastIndexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = key.substring(slash + 1);
        return (prefix == null || isDnsSubdomain(prefix)) && LABEL_KEY_NAME.matcher(name).matches();
    }

    /** The value itself when it is a valid label value, else a readable part of it and a hash of all of it. */
    public static String safeLabelValue(String value) {
        if (isLabelValue(value)) {
            return value;
        }
        String readable = trimToAlnum(value.replaceAll("[^-A-Za-z0-9_.]+", "-"), MAX_NAME - 11);
        return readable.isEmpty() ? "h" + hash(value, 10) : readable + "-" + hash(value, 10);
    }

    /** Lower-case DNS-1123 label characters only, at most {@code max} long, starting and ending alphanumeric. */
    public static String dnsLabelPart(String text, int max) {
        return trimToAlnum(text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("-{2,}", "-"), max);
    }

    private static String trimToAlnum(String text, int max) {
        String s = text.length() > max ? text.substring(0, max) : text;
        return s.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    }

    /** The first {@code length} hex digits of the SHA-256 of {@code text}. */
    public static String hash(String text, int length) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, length);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
