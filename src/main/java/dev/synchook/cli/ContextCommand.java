package dev.synchook.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.context.ContextKey;
import dev.synchook.context.Sourced;
import dev.synchook.context.SyncContext;
import dev.synchook.render.Yaml;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "context", mixinStandardHelpOptions = true,
        description = "Print the resolved sync context: every value and where it came from, or why it is unknown.")
public class ContextCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SyncOptions sync;

    @Mixin
    DiscoveryOptions discovery;

    @Mixin
    ConnectionOptions connections;

    @Mixin
    OutputOption output;

    @Inject
    CommandInputs inputs;

    @Override
    public Integer call() {
        SyncContext context = inputs.resolveAll(spec, sync);
        PrintWriter out = spec.commandLine().getOut();
        if (output.format == OutputOption.Format.json) {
            out.print(Yaml.prettyJson(toJson(context)));
        } else {
            for (ContextKey key : ContextKey.values()) {
                Sourced value = context.values().get(key);
                String shown = value != null ? value.value() : "-";
                String why = value != null ? value.source() : context.unresolved().getOrDefault(key, "not set");
                out.printf("%-22s %-44s %s%n", key.displayName(), shown, why);
            }
        }
        out.flush();
        return 0;
    }

    static ObjectNode toJson(SyncContext context) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode values = root.putObject("values");
        context.values().forEach((k, v) -> values.putObject(k.displayName()).put("value", v.value()).put("source", v.source()));
        ObjectNode unresolved = root.putObject("unresolved");
        context.unresolved().forEach((k, why) -> unresolved.put(k.displayName(), why));
        return root;
    }
}
