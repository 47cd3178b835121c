package io.framewise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;

/** One {@code framewise} command run in this JVM, as a user sees it: its exit code, stdout and stderr. */
record CliRun(int exit, String out, String err) {

    static CliRun of(String... args) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        StringWriter err = new StringWriter();
        CommandLine cli = Framewise.commandLine();
        cli.setErr(new PrintWriter(err));
        int exit;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            exit = cli.execute(args);
        } finally {
            System.setOut(stdout);
        }
        return new CliRun(exit, printed.toString(StandardCharsets.UTF_8), err.toString());
    }

    /** The JSON summary the offline commands print on their last line. */
    JsonNode json() throws Exception {
        List<String> lines = out.lines().toList();
        return new ObjectMapper().readTree(lines.get(lines.size() - 1));
    }
}
