package dev.synchook.render;

import dev.synchook.SynchookException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code KEY=VALUE} entries of a repeatable flag or setting ({@code --label}, {@code --annotation}), in order. */
public final class KeyValues {

    private KeyValues() {
    }

    public static Map<String, String> parse(String flag, List<String> entries) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String entry : entries) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw SynchookException.badInput(flag, entry, "is not KEY=VALUE", "write " + flag + " KEY=VALUE");
            }
            map.put(entry.substring(0, eq).strip(), entry.substring(eq + 1));
        }
        return map;
    }
}
