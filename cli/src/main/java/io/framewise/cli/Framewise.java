package io.framewise.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code framewise} command. The {@code ./framewise} launcher at the repository root runs this. */
@Command(name = "framewise",
        mixinStandardHelpOptions = true,
        version = "framewise 0.1.0",
        description = {
            "Framewise turns raw video into trained object detectors and annotated video.",
            "",
            "'framewise demo' runs the whole workflow on generated data. 'framewise up --services all' starts",
            "the embedded stack (a real Kafka broker and S3 server, no Docker) with the services; then drop",
            "files into its buckets with 'framewise upload' and watch topics with 'framewise tail'.",
            "Commands named *-file run a service's core on local files, with no broker or store."},
        subcommands = {DemoCommand.class, UpCommand.class, UploadCommand.class, TailCommand.class, ExtractCommand.class, ExtractFileCommand.class,
            FilterCommand.class, FilterFileCommand.class, EvalFileCommand.class, SynthesizeCommand.class, SynthesizeFilesCommand.class,
            TrainCommand.class, TrainFileCommand.class, RunsCommand.class, FollowCommand.class, EvaluateCommand.class, AnnotateCommand.class,
            AnnotateFileCommand.class, PromoteCommand.class, DetectionsCommand.class, StatusCommand.class, KeypointsCommand.class, GazeCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 the command failed (the message says why), 2 wrong usage."})
public final class Framewise implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Framewise());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("framewise " + commandLine.getCommandName() + ": " + message(e));
            return 1;
        });
        return cli;
    }

    private static String message(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
