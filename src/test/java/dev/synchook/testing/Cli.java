package dev.synchook.testing;

import dev.synchook.cli.SynchookCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** Runs synchook's command line in the test's Quarkus application, capturing what it prints. */
public final class Cli {

    /** The exit code, stdout and stderr of one run. */
    public record Result(int exitCode, String out, String err) {

        public String lastLine() {
            List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Cli() {
    }

    public static Result run(CommandLine.IFactory factory, String... args) {
        CommandLine commandLine = dev.synchook.cli.Cli.configure(new CommandLine(SynchookCommand.class, factory));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
