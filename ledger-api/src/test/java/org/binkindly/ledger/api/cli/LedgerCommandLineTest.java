package org.binkindly.ledger.api.cli;

import org.binkindly.ledger.core.audit.AuditKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar's command line as a person meets it, without Spring: help everywhere, one option
 * syntax, usage errors on stderr with exit 2, and a completion script bash really completes with.
 * (audit-verify's verdict codes 0, 1 and 3 are run against a real export in AuditTamperTest;
 * the evidence records against a running ledger in EvidenceRecordHttpTest; tokens in TokensCommandTest.)
 */
class LedgerCommandLineTest {

    static final List<String> COMMANDS = List.of("help", "audit-verify", "audit-checkpoints", "backup", "restore",
            "rollback-record", "ai-kill-switch-record", "bad-pack-rebind-record", "launch-day-record", "tokens",
            "generate-completion");

    @TempDir
    Path work;

    record Run(int exitCode, String out, String err) {
    }

    static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LedgerCommandLine.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void noCommandStartsTheLedgerWhileHelpAndVersionDoNot() {
        assertThat(LedgerCommandLine.handles(new String[0])).isFalse();
        assertThat(LedgerCommandLine.handles(new String[]{"--server.port=9090", "--ledger.data-dir=data"})).isFalse();
        for (String ask : List.of("--help", "-h", "--version", "-V")) {
            assertThat(LedgerCommandLine.handles(new String[]{ask})).as(ask).isTrue();
            assertThat(LedgerCommandLine.handles(new String[]{"--server.port=9090", ask})).as(ask).isTrue();
        }
        assertThat(LedgerCommandLine.handles(new String[]{"tokens", "list"})).isTrue();
        assertThat(LedgerCommandLine.handles(new String[]{"tokenz"})).as("a misspelt command is an error, not a start").isTrue();
    }

    @Test
    void topLevelHelpListsEveryCommand() {
        for (String[] ask : List.of(new String[]{"--help"}, new String[]{"-h"}, new String[]{"help"})) {
            Run help = cli(ask);
            assertThat(help.exitCode()).isZero();
            assertThat(help.err()).isEmpty();
            assertThat(help.out()).startsWith("Usage: java -jar ledger-api.jar [-hV] [COMMAND]").contains("With no command it starts the ledger");
            for (String command : COMMANDS) {
                assertThat(help.out()).as(command).containsPattern("(?m)^  " + command + " ");
            }
        }
    }

    @Test
    void everyCommandAnswersHelpTheSameWayHelpCommandDoes() {
        for (String command : COMMANDS.subList(1, COMMANDS.size())) {
            Run help = cli(command, "--help");
            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.out()).as(command).startsWith("Usage: java -jar ledger-api.jar " + command + " ")
                    .contains("-h, --help");
            assertThat(cli(command, "-h").out()).isEqualTo(help.out());
            assertThat(cli("help", command).out()).isEqualTo(help.out());
        }
        assertThat(cli("audit-verify", "--help").out()).contains("--stream=<export.ndjson>").contains("Exit codes:")
                .containsPattern("3 +PARTIAL");
        assertThat(cli("launch-day-record", "--help").out()).contains("--app-build=<build-id>").doesNotContain("--rebind");
        assertThat(cli("rollback-record", "--help").out()).contains("--rebind=<rb-id>").doesNotContain("--app-build");
        Run tokensCreate = cli("help", "tokens", "create");
        assertThat(tokensCreate.exitCode()).isZero();
        assertThat(tokensCreate.out()).startsWith("Usage: java -jar ledger-api.jar tokens create ")
                .isEqualTo(cli("tokens", "create", "--help").out());
        Run unknown = cli("help", "tokens", "rotate");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown command: 'rotate'").contains("[create, list, revoke]");
    }

    /** What a reader sees first: the README shows the jar's help as it is, and the operations guide lists every command. */
    @Test
    void theDocsShowTheHelpAsItIsAndListEveryCommand() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String prompt = "$ java -jar ledger-api/target/ledger-api-0.1.0-SNAPSHOT.jar --help\n";
        assertThat(readme).contains(prompt);
        String shown = readme.substring(readme.indexOf(prompt) + prompt.length());
        assertThat(shown.substring(0, shown.indexOf("```"))).isEqualTo(cli("--help").out());

        String operations = Files.readString(Path.of("..", "docs", "operations.md"));
        String commandLine = operations.substring(operations.indexOf("## The command line"));
        String table = commandLine.substring(0, commandLine.indexOf("```"));
        for (String command : COMMANDS) {
            assertThat(table).as(command).contains("`" + command);
        }
    }

    @Test
    void versionComesFromTheJar() {
        Run version = cli("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("BinKindly incident ledger ").contains("Java " + System.getProperty("java.version"));
    }

    @Test
    void usageErrorsGoToStderrWithExitTwoAndSayWhereToReadMore() {
        Run misspelt = cli("audit-verfy", "--stream=x");
        assertThat(misspelt.exitCode()).isEqualTo(2);
        assertThat(misspelt.out()).isEmpty();
        assertThat(misspelt.err()).contains("Unmatched argument", "audit-verfy").contains("Did you mean").contains("audit-verify")
                .contains("Try 'java -jar ledger-api.jar --help'");

        Run missing = cli("audit-verify", "--public-key", "key.pem");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).startsWith("audit-verify: Missing required option: '--stream=<export.ndjson>'")
                .contains("Try 'java -jar ledger-api.jar audit-verify --help'");

        Run unknownOption = cli("audit-verify", "--stream=x", "--public-key=k", "--strict");
        assertThat(unknownOption.exitCode()).isEqualTo(2);
        assertThat(unknownOption.err()).contains("Unknown option: '--strict'");

        Run notThisRecordsPick = cli("launch-day-record", "--scope=locality", "--scope-id=x", "--app-build=b1", "--rebind=rb-1");
        assertThat(notThisRecordsPick.exitCode()).isEqualTo(2);
        assertThat(notThisRecordsPick.err()).contains("Unknown option: '--rebind=rb-1'");

        Run noBuild = cli("launch-day-record", "--scope=locality", "--scope-id=x");
        assertThat(noBuild.exitCode()).isEqualTo(2);
        assertThat(noBuild.err()).contains("Missing required option: '--app-build=<build-id>'");

        Run badFormat = cli("rollback-record", "--scope=locality", "--scope-id=x", "--format=xml");
        assertThat(badFormat.exitCode()).isEqualTo(2);
        assertThat(badFormat.err()).contains("--format").contains("xml").contains("markdown, json");
    }

    @Test
    void bothOptionSyntaxesMeanTheSame() throws Exception {
        Path key = Files.writeString(work.resolve("key.pem"), AuditKeys.publicKeyPem(AuditKeys.generate().getPublic()));
        Path notAnExport = Files.writeString(work.resolve("notes.ndjson"), "{\"kind\":\"note\"}\n");
        Run spaced = cli("audit-verify", "--stream", notAnExport.toString(), "--public-key", key.toString());
        Run joined = cli("audit-verify", "--stream=" + notAnExport, "--public-key=" + key);
        assertThat(spaced.exitCode()).isEqualTo(2);
        assertThat(spaced.err()).contains("does not start with a binkindly-ledger/audit-stream/1 header line");
        assertThat(joined).isEqualTo(spaced);

        // port 1: nothing listens, so the command gets as far as calling the ledger with what it parsed
        Run recordSpaced = cli("rollback-record", "--scope", "locality", "--scope-id", "se-stockholm", "--format", "json",
                "--ledger-url", "http://127.0.0.1:1", "--token", "t");
        Run recordJoined = cli("rollback-record", "--scope=locality", "--scope-id=se-stockholm", "--format=json",
                "--ledger-url=http://127.0.0.1:1", "--token=t");
        assertThat(recordSpaced.exitCode()).as(recordSpaced.err()).isEqualTo(2);
        assertThat(recordSpaced.err()).startsWith("rollback-record: cannot reach the ledger at http://127.0.0.1:1");
        assertThat(recordJoined.exitCode()).isEqualTo(2);
        assertThat(recordJoined.err()).startsWith("rollback-record: cannot reach the ledger at http://127.0.0.1:1");
    }

    @Test
    void aMissingKeyFileIsAUsageErrorNamingTheFile() {
        Run run = cli("audit-verify", "--stream", work.resolve("export.ndjson").toString(), "--public-key",
                work.resolve("absent.pem").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("audit-verify: no such file: " + work.resolve("absent.pem") + System.lineSeparator());
    }

    /** The generated script, sourced into a real bash, completes command names, subcommands and options. */
    @Test
    void theCompletionScriptCompletesInBash() throws Exception {
        Run completion = cli("generate-completion");
        assertThat(completion.exitCode()).isZero();
        Path script = Files.writeString(work.resolve("ledger-api.bash"), completion.out());
        assertThat(complete(script, "ledger-api", "audit-")).containsExactlyInAnyOrder("audit-verify", "audit-checkpoints");
        assertThat(complete(script, "ledger-api", "tokens", "")).contains("create", "list", "revoke");
        assertThat(complete(script, "ledger-api", "tokens", "create", "--r")).containsExactly("--roles");
        assertThat(complete(script, "ledger-api", "rollback-record", "--format", "")).containsExactlyInAnyOrder("markdown", "json");
    }

    private static List<String> complete(Path script, String... words) throws Exception {
        String line = String.join(" ", words);
        String bash = """
                source '%s'
                COMP_WORDS=(%s)
                COMP_CWORD=%d
                COMP_LINE='%s'
                COMP_POINT=${#COMP_LINE}
                $(complete -p ledger-api | sed -E 's/.*-F ([^ ]+).*/\\1/')
                printf '%%s\\n' "${COMPREPLY[@]}"
                """.formatted(script, String.join(" ", words.length > 0 && words[words.length - 1].isEmpty()
                ? java.util.stream.Stream.concat(java.util.Arrays.stream(words, 0, words.length - 1), java.util.stream.Stream.of("''")).toList()
                : List.of(words)), words.length - 1, line);
        // stderr dropped: outside a real TAB press bash warns that compopt is not completing
        Process process = new ProcessBuilder("bash", "-c", bash).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().map(String::strip).filter(word -> !word.isEmpty()).toList();
    }
}
