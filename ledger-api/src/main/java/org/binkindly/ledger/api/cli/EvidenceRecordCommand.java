package org.binkindly.ledger.api.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * The runbook's record commands ({@code npm run ops:rollback-record -- --scope=locality --scope-id=…}
 * and its siblings), as the ledger's jar: asks a running ledger for the evidence record, pre-filled
 * from its log, and prints it (Markdown by default) or writes it to {@code --output}. One class,
 * registered once per record under the runbook's command name.
 */
@Command(mixinStandardHelpOptions = true, sortOptions = false,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:written.",
            "1:the ledger refused (the problem's code and detail on stderr).",
            "2:usage error, no token, or the ledger unreachable."})
final class EvidenceRecordCommand implements Callable<Integer> {

    /** The runbook's command name, the record it asks for, and what the record is. */
    enum Record {
        ROLLBACK("rollback-record", "rollback-drill", "The rollback drill record", Set.of("--rebind", "--incident")),
        AI_KILL_SWITCH("ai-kill-switch-record", "ai-kill-switch-activation", "The AI kill-switch activation record",
                Set.of("--validation-localities", "--kill-switch", "--incident")),
        BAD_PACK_REBIND("bad-pack-rebind-record", "bad-pack-kill-switch-manifest-rebind",
                "The bad-pack kill-switch manifest rebind record", Set.of("--kill-switch", "--rebind", "--incident")),
        LAUNCH_DAY("launch-day-record", "launch-day-production-validation", "The launch-day production validation record",
                Set.of("--app-build"));

        final String command;
        final String path;
        final String title;
        /** The selections this record takes (GET /evidence-records lists the same per record). */
        final Set<String> picks;

        Record(String command, String path, String title, Set<String> picks) {
            this.command = command;
            this.path = path;
            this.title = title;
            this.picks = picks;
        }

        String[] description() {
            return new String[]{title + " for a scope, from a running ledger.",
                "Pre-filled from the ledger's log (GET /evidence-records/" + path + "), listing what is missing."};
        }
    }

    enum Format { markdown, json }

    @Option(names = "--scope", required = true, paramLabel = "<kind>", description = "The scope's kind, e.g. locality.")
    String scope;

    @Option(names = "--scope-id", required = true, paramLabel = "<id>", description = "The scope's id, e.g. se-stockholm.")
    String scopeId;

    // the selections: each record keeps only those in its Record.picks (commandLine() removes the others)
    @Option(names = "--validation-localities", paramLabel = "<a,b,...>", description = "The localities validated afterwards.")
    String validationLocalities;

    @Option(names = "--app-build", required = true, paramLabel = "<build-id>", description = "The app build the record is about.")
    String appBuild;

    @Option(names = "--kill-switch", paramLabel = "<ks-id>", description = "Describe this kill-switch activation, not the scope's latest.")
    String killSwitch;

    @Option(names = "--rebind", paramLabel = "<rb-id>", description = "Describe this rebind, not the scope's latest.")
    String rebind;

    @Option(names = "--incident", paramLabel = "<inc-id>", description = "Describe what was recorded for this incident.")
    String incident;

    @Option(names = "--format", paramLabel = "<format>", defaultValue = "markdown",
            description = "markdown or json; default ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--output", paramLabel = "<file>", description = "Write the record to this file instead of stdout.")
    Path output;

    @Mixin
    LedgerConnection ledger;

    private final Record record;
    private final PrintStream out;
    private final PrintStream err;

    EvidenceRecordCommand(Record record, PrintStream out, PrintStream err) {
        this.record = record;
        this.out = out;
        this.err = err;
    }

    /** This record's command: its name, its description and only the selections it takes. */
    CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(this);
        commandLine.setCommandName(record.command);
        commandLine.getCommandSpec().usageMessage().description(record.description());
        for (String pick : new String[]{"--validation-localities", "--app-build", "--kill-switch", "--rebind", "--incident"}) {
            if (!record.picks.contains(pick)) {
                commandLine.getCommandSpec().remove(commandLine.getCommandSpec().findOption(pick));
            }
        }
        return commandLine;
    }

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("scope", scope);
        query.put("scope-id", scopeId);
        put(query, "validation-localities", validationLocalities);
        put(query, "app-build", appBuild);
        put(query, "kill-switch", killSwitch);
        put(query, "rebind", rebind);
        put(query, "incident", incident);
        URI uri = ledger.uri("/evidence-records/" + record.path + "?" + query.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
        HttpResponse<String> response;
        try {
            String token = ledger.bearerToken();
            if (token == null) {
                err.println(record.command + ": " + LedgerConnection.NO_TOKEN);
                return ExitCodes.USAGE_ERROR;
            }
            response = ledger.get(uri, token, format == Format.markdown ? "text/markdown" : "application/json");
        } catch (IOException e) {
            err.println(record.command + ": " + AuditVerifyCommand.describe(e));
            return ExitCodes.USAGE_ERROR;
        }
        if (response.statusCode() != 200) {
            err.println("%s: the ledger answered %d %s".formatted(record.command, response.statusCode(),
                    LedgerConnection.problem(response.body())));
            return ExitCodes.FAILED;
        }
        if (output == null) {
            out.print(response.body());
            return ExitCodes.OK;
        }
        try {
            Files.writeString(output, response.body(), StandardCharsets.UTF_8);
            out.println("wrote " + output);
            return ExitCodes.OK;
        } catch (IOException e) {
            err.println(record.command + ": cannot write " + output + ": " + e.getMessage());
            return ExitCodes.USAGE_ERROR;
        }
    }

    private static void put(Map<String, String> query, String name, String value) {
        if (value != null) {
            query.put(name, value);
        }
    }
}
