package org.binkindly.ledger.api.support;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.stream.IntStream;

/** What a batch of inserts through one of the ledger's pools becomes on the wire. */
public final class BatchedInserts {

    private BatchedInserts() {
    }

    /**
     * pgjdbc's counts for a batch of five inserts, in a transaction as the views write theirs: each
     * {@link Statement#SUCCESS_NO_INFO} once it sent them as one multi-row insert, each 1 when it sent
     * a statement per row.
     */
    public static int[] countsOfABatchOfFive(JdbcTemplate jdbc) {
        return jdbc.execute((Connection connection) -> {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("create temporary table batched_insert_check (n int primary key) on commit drop");
                try (PreparedStatement insert = connection.prepareStatement(
                        "insert into batched_insert_check (n) values (?) on conflict (n) do nothing")) {
                    for (int n : IntStream.range(0, 5).toArray()) {
                        insert.setInt(1, n);
                        insert.addBatch();
                    }
                    return insert.executeBatch();
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        });
    }
}
