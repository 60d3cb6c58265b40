package org.binkindly.ledger.api.storage;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One Flyway history, fed by two modules: each module numbers its migrations in its own range (docs/architecture.md,
 * "Migrations"), so two modules can never pick the same version and a reader knows a script's owner from its number.
 * The scripts shipped before the ranges were set keep their numbers: they are applied on existing databases, and a new
 * version or checksum would stop those databases from starting.
 */
class MigrationVersionsTest {

    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__[^/]+\\.sql$");

    /** Shipped before the ranges, interleaved between the two modules; frozen. */
    private static final Map<Integer, String> SHIPPED = Map.ofEntries(
            Map.entry(1, "ledger-api"), Map.entry(2, "projections"), Map.entry(3, "projections"),
            Map.entry(4, "projections"), Map.entry(5, "ledger-api"), Map.entry(6, "projections"),
            Map.entry(10, "ledger-api"), Map.entry(20, "ledger-api"), Map.entry(21, "ledger-api"),
            Map.entry(30, "projections"), Map.entry(31, "projections"), Map.entry(32, "projections"));

    /** The current release's migrations, numbered by hand across both modules. */
    private static final int RELEASE_FROM = 40;
    private static final int RELEASE_TO = 69;

    /** From V100 on, each module owns a range. */
    private static final Map<String, int[]> RANGES = Map.of(
            "ledger-api", new int[] {100, 199},
            "projections", new int[] {200, 299},
            "adapters", new int[] {300, 399});

    record Migration(int version, String module, String file) {
    }

    @Test
    void everyMigrationIsNumberedInItsOwnersRangeAndNoVersionIsTakenTwice() throws IOException {
        List<Migration> migrations = migrations();
        assertThat(migrations).as("both modules' scripts are on the application's classpath")
                .anyMatch(m -> m.module().equals("ledger-api")).anyMatch(m -> m.module().equals("projections"));

        Map<Integer, List<String>> byVersion = new TreeMap<>();
        migrations.forEach(m -> byVersion.computeIfAbsent(m.version(), v -> new ArrayList<>()).add(m.module() + ":" + m.file()));
        assertThat(byVersion.values()).as("versions taken twice").allMatch(files -> files.size() == 1);

        for (Migration migration : migrations) {
            assertThat(allowed(migration)).as("%s in %s: see docs/architecture.md, Migrations", migration.file(), migration.module())
                    .isTrue();
        }
    }

    @Test
    void theShippedScriptsAreAllStillThereWithTheirNumbersAndOwners() throws IOException {
        Map<Integer, String> shipped = new TreeMap<>();
        migrations().stream().filter(m -> m.version() < RELEASE_FROM).forEach(m -> shipped.put(m.version(), m.module()));

        assertThat(shipped).isEqualTo(new TreeMap<>(SHIPPED));
    }

    @Test
    void aNewScriptOutsideItsModulesRangeIsRefused() {
        assertThat(allowed(new Migration(7, "projections", "V7__late.sql"))).isFalse();
        assertThat(allowed(new Migration(150, "projections", "V150__view.sql"))).isFalse();
        assertThat(allowed(new Migration(250, "projections", "V250__view.sql"))).isTrue();
        assertThat(allowed(new Migration(75, "ledger-api", "V75__gap.sql"))).isFalse();
        assertThat(allowed(new Migration(55, "ledger-api", "V55__this_release.sql"))).isTrue();
    }

    private static boolean allowed(Migration migration) {
        if (migration.version() < RELEASE_FROM) {
            return migration.module().equals(SHIPPED.get(migration.version()));
        }
        if (migration.version() <= RELEASE_TO) {
            return true;
        }
        int[] range = RANGES.get(migration.module());
        return range != null && migration.version() >= range[0] && migration.version() <= range[1];
    }

    private static List<Migration> migrations() throws IOException {
        List<Migration> migrations = new ArrayList<>();
        for (Resource script : new PathMatchingResourcePatternResolver().getResources("classpath*:db/migration/*.sql")) {
            String location = script.getURL().toString();
            Matcher versioned = VERSIONED.matcher(location);
            if (versioned.find()) {
                migrations.add(new Migration(Integer.parseInt(versioned.group(1)), module(location), script.getFilename()));
            }
        }
        return migrations;
    }

    /** The module a script came from: its classes directory in a reactor build, or its jar. */
    private static String module(String location) {
        for (String module : RANGES.keySet()) {
            if (location.contains("/" + module + "/") || location.contains("/" + module + "-")) {
                return module;
            }
        }
        return "unknown: " + location;
    }
}
