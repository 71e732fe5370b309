package dev.synchook.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.util.regex.Pattern;

/** YAML and JSON text for rendered objects. Strings that would read back as numbers or booleans are quoted. */
public final class Yaml {

    public static final YAMLMapper MAPPER = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .stringQuotingChecker(new StrictQuoting())
            .build());
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper PRETTY_JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Yaml() {
    }

    /**
     * Quotes every string that some YAML reader would not read back as the same string: besides
     * Jackson's reserved words, YAML 1.1 numbers (hex, octal, exponents, sexagesimal, {@code _}
     * separators), {@code .inf}/{@code .nan} and timestamps, which Kubernetes' reader would reformat.
     */
    static final class StrictQuoting extends StringQuotingChecker.Default {
        private static final Pattern NOT_A_STRING = Pattern.compile(String.join("|",
                "[-+]?(0|[0-9][0-9_]*)",
                "0o?[0-7_]+", "0x[0-9a-fA-F_]+", "0b[01_]+",
                "[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?",
                "[-+]?(\\.[0-9][0-9_]*|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?",
                "[-+]?\\.(inf|Inf|INF)", "\\.(nan|NaN|NAN)",
                "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?",
                "(?i)(y|n|yes|no|on|off|true|false|null|~)"));

        @Override
        public boolean needToQuoteValue(String value) {
            return super.needToQuoteValue(value) || NOT_A_STRING.matcher(value).matches();
        }
    }

    public static String yaml(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    public static String prettyJson(JsonNode node) {
        try {
            return PRETTY_JSON.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    public static String compactJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass(), e);
        }
    }
}
