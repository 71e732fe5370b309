package dev.synchook.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Decides before start-up whether the HTTP server binds. The server starts before any command runs,
 * so {@code serve}'s options are turned into their settings ({@code --port 9090} into
 * {@code synchook.port}) here, where start-up can still see them.
 */
final class ServeLaunch {

    static final String HOST_ENABLED = "quarkus.http.host-enabled";
    private static final Set<String> INFO_OPTIONS = Set.of("-h", "--help", "-V", "--version");

    private ServeLaunch() {
    }

    static void prepare(String[] args) {
        if (!isServe(args)) {
            System.setProperty(HOST_ENABLED, "false");
            return;
        }
        try {
            ParseResult parsed = new CommandLine(new ServeCommand()).parseArgs(Arrays.copyOfRange(args, 1, args.length));
            for (OptionSpec option : parsed.matchedOptions()) {
                String property = ConfigDefaults.property(option.longestName());
                if (System.getProperty(property) == null) {
                    System.setProperty(property, String.join("\n", parsed.matchedOption(option.longestName()).stringValues()));
                }
            }
        } catch (CommandLine.ParameterException e) {
            // the command line proper reports it, with the usual message and exit code
        }
    }

    /** {@code serve} is the first word; {@code serve --help} only prints and needs no port. */
    static boolean isServe(String[] args) {
        List<String> list = Arrays.asList(args);
        return !list.isEmpty() && list.get(0).equals("serve") && list.stream().noneMatch(INFO_OPTIONS::contains);
    }
}
