package dev.synchook.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.SynchookException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A workspace binding from tkn's {@code -w} syntax: {@code name=ws,claimName=pvc[,subPath=dir]},
 * {@code name=ws,emptyDir=}, {@code name=ws,config=cm[,item=key=path]}, {@code name=ws,secret=s},
 * {@code name=ws,volumeClaimTemplateFile=f.yaml}, {@code name=ws,csiFile=f.yaml}, and the short
 * form {@code name=ws,storage=1Gi[,accessMode=ReadWriteOnce][,storageClass=fast]} for a
 * volumeClaimTemplate.
 */
public record Workspace(String name, ObjectNode binding) {

    public Workspace {
        binding = binding.deepCopy();
    }

    @Override
    public ObjectNode binding() {
        return binding.deepCopy();
    }


    private static final Set<String> SOURCES =
            Set.of("claimName", "emptyDir", "config", "secret", "volumeClaimTemplateFile", "csiFile", "storage");
    private static final Set<String> KEYS = Set.of("name", "claimName", "subPath", "emptyDir", "config", "secret", "item",
            "volumeClaimTemplateFile", "csiFile", "storage", "accessMode", "storageClass");
    private static final String FIX = "write -w name=WS,claimName=PVC | name=WS,emptyDir= | name=WS,config=CM | "
            + "name=WS,secret=S | name=WS,volumeClaimTemplateFile=F | name=WS,csiFile=F | name=WS,storage=1Gi";

    /**
     * @param readFile reads a file named in the flag (volumeClaimTemplateFile, csiFile); the
     *     caller does the I/O so that rendering stays pure
     */
    public static Workspace parse(String flag, UnaryOperator<String> readFile) {
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> items = new ArrayList<>();
        for (String part : flag.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw SynchookException.badInput("--workspace", flag, "part " + SynchookException.quote(part) + " has no '='", FIX);
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1);
            if (!KEYS.contains(key)) {
                throw SynchookException.badInput("--workspace", flag, "unknown workspace kind or key " + SynchookException.quote(key), FIX);
            }
            if (key.equals("item")) {
                items.add(value);
            } else if (fields.put(key, value) != null) {
                throw SynchookException.badInput("--workspace", flag, "key " + key + " is given twice", FIX);
            }
        }
        String name = fields.getOrDefault("name", "");
        if (name.isBlank()) {
            throw SynchookException.badInput("--workspace", flag, "has no name", FIX);
        }
        List<String> sources = fields.keySet().stream().filter(SOURCES::contains).toList();
        if (sources.size() != 1) {
            throw SynchookException.badInput("--workspace", flag,
                    sources.isEmpty() ? "has no volume source" : "has more than one volume source " + sources, FIX);
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode binding = f.objectNode().put("name", name);
        String source = sources.get(0);
        String value = fields.get(source);
        switch (source) {
            case "claimName" -> binding.putObject("persistentVolumeClaim").put("claimName", value);
            case "emptyDir" -> {
                ObjectNode emptyDir = binding.putObject("emptyDir");
                if (!value.isBlank()) {
                    emptyDir.put("medium", value);
                }
            }
            case "config" -> withItems(binding.putObject("configMap").put("name", value), items, flag);
            case "secret" -> withItems(binding.putObject("secret").put("secretName", value), items, flag);
            case "volumeClaimTemplateFile" -> binding.set("volumeClaimTemplate", readYaml(flag, value, readFile));
            case "csiFile" -> binding.set("csi", readYaml(flag, value, readFile));
            case "storage" -> {
                ObjectNode spec = binding.putObject("volumeClaimTemplate").putObject("spec");
                spec.putArray("accessModes").add(fields.getOrDefault("accessMode", "ReadWriteOnce"));
                if (fields.containsKey("storageClass")) {
                    spec.put("storageClassName", fields.get("storageClass"));
                }
                spec.putObject("resources").putObject("requests").put("storage", value);
            }
            default -> throw new IllegalStateException(source);
        }
        if (fields.containsKey("subPath")) {
            binding.put("subPath", fields.get("subPath"));
        }
        return new Workspace(name, binding);
    }

    private static void withItems(ObjectNode volume, List<String> items, String flag) {
        if (items.isEmpty()) {
            return;
        }
        var array = volume.putArray("items");
        for (String item : items) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw SynchookException.badInput("--workspace", flag, "item " + SynchookException.quote(item) + " is not key=path",
                        "write item=KEY=PATH");
            }
            array.addObject().put("key", item.substring(0, eq)).put("path", item.substring(eq + 1));
        }
    }

    private static JsonNode readYaml(String flag, String file, UnaryOperator<String> readFile) {
        String text = readFile.apply(file);
        try {
            JsonNode node = Yaml.MAPPER.readTree(text);
            if (node == null || !node.isObject()) {
                throw SynchookException.badInput("--workspace", flag, "file " + file + " does not hold a YAML mapping",
                        "put the volumeClaimTemplate or csi source as a mapping in the file");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw SynchookException.badInput("--workspace", flag, "file " + file + " is not valid YAML: "
                    + e.getOriginalMessage(), "fix the YAML in " + file);
        }
    }
}
