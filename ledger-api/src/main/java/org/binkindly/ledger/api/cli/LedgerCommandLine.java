package org.binkindly.ledger.api.cli;

import org.binkindly.ledger.api.token.TokensCommand;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * The jar's commands ({@code java -jar ledger-api.jar <command> [options]}), parsed by picocli so that
 * every command takes {@code --name value} and {@code --name=value}, answers {@code --help}, and
 * exits with the codes of {@link ExitCodes}. With no command the jar starts the ledger instead
 * ({@link org.binkindly.ledger.api.LedgerApplication}). Nothing here starts Spring: only the
 * {@code tokens} commands (and {@code restore}, into the database it restores) open a database, and only once
 * their command line has been accepted.
 */
@Command(name = LedgerCommandLine.NAME, mixinStandardHelpOptions = true,
        versionProvider = LedgerCommandLine.Version.class, sortOptions = false,
        synopsisSubcommandLabel = "[COMMAND]",
        description = {"The BinKindly incident ledger. With no command it starts the ledger (settings as --name=value, "
                + "e.g. --server.port=9090 --ledger.data-dir=data); with a command it runs that command and exits."},
        commandListHeading = "%nCommands:%n",
        footerHeading = "%n",
        footer = {"'java -jar ledger-api.jar help <command>' or '<command> --help' explains a command.",
            "Exit codes: 0 ok, 1 refused or failed, 2 usage error; audit-verify also 3 PARTIAL."})
public final class LedgerCommandLine implements Callable<Integer> {

    static final String NAME = "java -jar ledger-api.jar";
    /** The command name the completion script completes: an alias or a wrapper script for java -jar. */
    static final String COMPLETION_NAME = "ledger-api";

    private static final Set<String> HELP_OR_VERSION = Set.of("-h", "--help", "-V", "--version");
    /** A Spring setting: a dotted name such as --ledger.data-dir or --spring.datasource.url. */
    private static final Pattern SPRING_SETTING = Pattern.compile("--[A-Za-z][\\w-]*(\\.[\\w\\[\\]-]+)+(=.*)?", Pattern.DOTALL);

    @Spec
    CommandSpec spec;

    private LedgerCommandLine() {
    }

    /**
     * Whether {@code args} name a command (or ask for help or the version) rather than start the
     * ledger: the first argument is a word, not an option, or help/version is asked for.
     */
    public static boolean handles(String[] args) {
        if (args.length == 0) {
            return false;
        }
        return !args[0].startsWith("-") || List.of(args).stream().anyMatch(HELP_OR_VERSION::contains);
    }

    /** Runs the command named by {@code args}; answers the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> commandLine = new ArrayList<>();
        List<String> databaseSettings = new ArrayList<>();
        if (args.length > 0 && args[0].equals("tokens")) {
            splitDatabaseSettings(args, commandLine, databaseSettings);
        } else {
            commandLine.addAll(List.of(args));
        }
        PrintWriter outWriter = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        try {
            return build(out, err, databaseSettings)
                    .setOut(outWriter)
                    .setErr(errWriter)
                    .setParameterExceptionHandler(LedgerCommandLine::usageError)
                    .execute(commandLine.toArray(String[]::new));
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }

    /** The whole command tree; its own method so the completion script and the help describe the same commands. */
    static CommandLine build(PrintStream out, PrintStream err, List<String> databaseSettings) {
        CommandLine root = new CommandLine(new LedgerCommandLine())
                .addSubcommand(new Help())
                .addSubcommand(new AuditVerifyCommand(out, err))
                .addSubcommand(new AuditCheckpointsCommand(out, err))
                .addSubcommand(new BackupCommand(out, err))
                .addSubcommand(new RestoreCommand(out, err));
        for (EvidenceRecordCommand.Record record : EvidenceRecordCommand.Record.values()) {
            root.addSubcommand(new EvidenceRecordCommand(record, out, err).commandLine());
        }
        root.addSubcommand(new TokensCommand(databaseSettings, out, err).commandLine());
        root.addSubcommand(new CompletionCommand(out));
        root.setCaseInsensitiveEnumValuesAllowed(true);
        return root;
    }

    /** No command at all: only reachable from {@link #run}, as main starts the ledger then. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command");
    }

    /** A usage error: what is wrong, close matches for a misspelt command or option, and where to read more; exit 2. */
    private static int usageError(ParameterException problem, String[] args) {
        CommandLine command = problem.getCommandLine();
        PrintWriter err = command.getErr();
        String qualified = command.getCommandSpec().qualifiedName();
        String name = qualified.equals(NAME) ? NAME : qualified.substring(NAME.length() + 1);
        err.println(name + ": " + problem.getMessage());
        UnmatchedArgumentException.printSuggestions(problem, err);
        err.println("Try '" + qualified + " --help' for more information.");
        err.flush();
        return ExitCodes.USAGE_ERROR;
    }

    /**
     * The {@code tokens} commands open the database with the server's settings: dotted options
     * ({@code --ledger.data-dir=data} or {@code --ledger.data-dir data}) go to Spring, the rest to picocli.
     */
    static void splitDatabaseSettings(String[] args, List<String> commandLine, List<String> databaseSettings) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!SPRING_SETTING.matcher(arg).matches()) {
                commandLine.add(arg);
            } else if (arg.contains("=") || i + 1 == args.length || args[i + 1].startsWith("-")) {
                databaseSettings.add(arg);
            } else {
                databaseSettings.add(arg + "=" + args[++i]);
            }
        }
    }

    /** The version in the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LedgerCommandLine.class.getPackage().getImplementationVersion();
            return new String[]{"BinKindly incident ledger " + (version == null ? "(version unknown: not run from the built jar)" : version),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }

    /** {@code help}, {@code help tokens}, {@code help tokens create}: the same text as that command's --help. */
    @Command(name = "help", helpCommand = true,
            description = "Show the help of the jar, or of a command: help tokens, help tokens create.")
    static final class Help implements Runnable {

        @Spec
        CommandSpec helpSpec;

        @Parameters(paramLabel = "<command>", arity = "0..*", description = "The command, and its subcommand if it has them.")
        List<String> commands = List.of();

        @Override
        public void run() {
            CommandLine target = helpSpec.root().commandLine();
            for (String name : commands) {
                CommandLine subcommand = target.getSubcommands().get(name);
                if (subcommand == null) {
                    throw new ParameterException(helpSpec.commandLine(), "Unknown command: '%s'; %s has %s"
                            .formatted(name, target.getCommandSpec().qualifiedName(), target.getSubcommands().keySet()));
                }
                target = subcommand;
            }
            target.usage(helpSpec.commandLine().getOut());
        }
    }

    @Command(name = "generate-completion", mixinStandardHelpOptions = true,
            description = {"Print a bash (and zsh) completion script for these commands, for an alias named '"
                    + COMPLETION_NAME + "'.",
                "",
                "  alias " + COMPLETION_NAME + "='java -jar /path/to/ledger-api.jar'",
                "  source <(" + COMPLETION_NAME + " generate-completion)",
                "",
                "zsh needs 'autoload -U +X compinit && compinit && autoload -U +X bashcompinit && bashcompinit' first."})
    static final class CompletionCommand implements Callable<Integer> {

        @Spec
        CommandSpec completionSpec;

        private final PrintStream out;

        CompletionCommand(PrintStream out) {
            this.out = out;
        }

        @Override
        public Integer call() {
            out.print(AutoComplete.bash(COMPLETION_NAME, completionSpec.root().commandLine()));
            return ExitCodes.OK;
        }
    }
}
