package org.binkindly.ledger.projections.support;

import org.postgresql.PGConnection;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * Rows written with PostgreSQL's {@code COPY ... FROM STDIN} in its text format: one statement for the
 * whole list, which PostgreSQL loads faster than the same rows as (multi-row) inserts because nothing is
 * bound or planned per row. Only for rows that cannot be there yet: COPY has no {@code on conflict}, and
 * a duplicate fails the whole statement (SQLState 23505), as an insert would.
 */
public final class CopyIn {

    /** The rows, each value as PostgreSQL reads it back: {@code \N} for null, a timestamp as its ISO-8601 instant in microseconds. */
    public static long rows(Connection connection, String table, String columns, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        CopyText text = new CopyText(rows.size() * 256);
        rows.forEach(text::row);
        org.postgresql.copy.CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("copy " + table + " (" + columns + ") from stdin");
        try {
            copy.writeToCopy(text.bytes, 0, text.length);
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /** COPY's text format in UTF-8 (the connection's client encoding, as pgjdbc always sets it). */
    static final class CopyText {
        byte[] bytes;
        int length;

        CopyText(int capacity) {
            bytes = new byte[Math.max(capacity, 64)];
        }

        void row(Object[] values) {
            for (int column = 0; column < values.length; column++) {
                if (column > 0) {
                    put('\t');
                }
                value(values[column]);
            }
            put('\n');
        }

        private void value(Object value) {
            if (value == null) {
                put('\\');
                put('N');
            } else if (value instanceof Timestamp timestamp) {
                text(toMicros(timestamp.toInstant()).toString()); // timestamptz: the instant, whatever the session's time zone
            } else {
                text(value.toString());
            }
        }

        /** Escapes a backslash, the column and row separators and a carriage return; the rest as UTF-8. */
        private void text(String value) {
            int count = value.length();
            ensure(2 * count);
            for (int i = 0; i < count; i++) {
                char c = value.charAt(i);
                if (c >= 0x80) {
                    nonAscii(value, i);
                    return;
                }
                switch (c) {
                    case '\\' -> escaped('\\');
                    case '\t' -> escaped('t');
                    case '\n' -> escaped('n');
                    case '\r' -> escaped('r');
                    default -> bytes[length++] = (byte) c;
                }
            }
        }

        /** The rest of a value from its first character outside ASCII: escaped as text, then encoded. */
        private void nonAscii(String value, int from) {
            StringBuilder escaped = new StringBuilder(value.length() - from + 8);
            for (int i = from; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '\\' -> escaped.append("\\\\");
                    case '\t' -> escaped.append("\\t");
                    case '\n' -> escaped.append("\\n");
                    case '\r' -> escaped.append("\\r");
                    default -> escaped.append(c);
                }
            }
            byte[] encoded = escaped.toString().getBytes(StandardCharsets.UTF_8);
            ensure(encoded.length);
            System.arraycopy(encoded, 0, bytes, length, encoded.length);
            length += encoded.length;
        }

        /**
         * Rounded to PostgreSQL's microseconds half up, as pgjdbc rounds a bound timestamp: PostgreSQL's own
         * rounding of nanoseconds in text differs at the half, and the same event must give the same row
         * whichever way its batch was written.
         */
        static Instant toMicros(Instant instant) {
            return instant.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
        }

        private void escaped(char c) {
            bytes[length++] = '\\';
            bytes[length++] = (byte) c;
        }

        private void put(char c) {
            ensure(2);
            bytes[length++] = (byte) c;
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }
    }

    private CopyIn() {
    }
}
