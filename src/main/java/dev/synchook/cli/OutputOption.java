package dev.synchook.cli;

import picocli.CommandLine.Option;

/** {@code -o yaml|json}. */
public class OutputOption {

    enum Format { yaml, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "yaml",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format = Format.yaml;
}
