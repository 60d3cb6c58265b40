package org.binkindly.ledger.projections.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.queryhandling.QueryHandler;
import org.binkindly.ledger.core.alert.AlertDeliveryId;
import org.binkindly.ledger.core.alert.AlertDeliveryReceived;
import org.binkindly.ledger.core.alert.AlertDeliveryRecorded;
import org.binkindly.ledger.core.alert.AlertOutcome;
import org.binkindly.ledger.core.alert.AlertsLost;
import org.binkindly.ledger.core.alert.IncomingDelivery;
import org.binkindly.ledger.core.alert.UnmappedAlertKept;
import org.binkindly.ledger.core.incident.ReceivedAlert;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.binkindly.ledger.core.shared.Texts;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What arrived through alert intake: every delivery with each alert's outcome, the alerts that
 * were lost to truncation, and the alerts no route exists for. Inserts are keyed, so a redelivered
 * event changes nothing.
 */
@ProcessingGroup(AlertIntakeProjector.PROCESSING_GROUP)
public class AlertIntakeProjector {

    public static final String PROCESSING_GROUP = "alert-intake";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public AlertIntakeProjector(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(AlertDeliveryReceived event, @Timestamp Instant receivedAt, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        IncomingDelivery delivery = event.delivery();
        jdbc.update("""
                insert into alert_delivery_view (delivery_id, receiver, status, group_key, truncated_alerts, alert_count,
                                                 outcomes, received_at, actor, routed)
                values (?, ?, ?, ?, ?, ?, '[]'::jsonb, ?, ?, false) on conflict (delivery_id) do nothing""",
                event.deliveryId().value(), Texts.clipped(delivery.receiver()), Texts.clipped(delivery.status()),
                Texts.clipped(delivery.groupKey()), Math.max(0, delivery.truncatedAlerts()), delivery.alerts().size(),
                java.sql.Timestamp.from(receivedAt), actor);
    }

    /** Routed: the outcomes join the row the receipt wrote (which keeps its receipt time), or make it (routed before receipts were recorded). */
    @EventHandler
    void on(AlertDeliveryRecorded event, @Timestamp Instant recordedAt, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        jdbc.update("""
                insert into alert_delivery_view (delivery_id, receiver, status, group_key, truncated_alerts, alert_count,
                                                 outcomes, received_at, actor, routed)
                values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, true)
                on conflict (delivery_id) do update set outcomes = excluded.outcomes, alert_count = excluded.alert_count,
                                                        routed = true""",
                event.deliveryId().value(), event.receiver(), event.status(), event.groupKey(), event.truncatedAlerts(),
                event.outcomes().size(), toJson(event.outcomes()), java.sql.Timestamp.from(recordedAt), actor);
    }

    @EventHandler
    void on(AlertsLost event, @Timestamp Instant recordedAt) {
        jdbc.update("""
                insert into lost_alerts_view (delivery_id, receiver, group_key, lost_alerts, received_at)
                values (?, ?, ?, ?, ?) on conflict (delivery_id) do nothing""",
                event.deliveryId().value(), event.receiver(), event.groupKey(), event.lostAlerts(), java.sql.Timestamp.from(recordedAt));
    }

    @EventHandler
    void on(UnmappedAlertKept event, @Timestamp Instant recordedAt) {
        ReceivedAlert alert = event.alert();
        // Once per alert, as a mapped firing is recorded once: a re-send only counts one more delivery
        // (and the same event delivered twice, the same delivery, counts once).
        jdbc.update("""
                insert into unmapped_alert_view (fingerprint, starts_at, status, delivery_id, alertname, reason, alert, received_at,
                                                 last_delivery_id, last_received_at, deliveries)
                values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, 1)
                on conflict (fingerprint, starts_at, status) do update
                    set last_delivery_id = excluded.last_delivery_id, last_received_at = excluded.last_received_at,
                        deliveries = unmapped_alert_view.deliveries + 1
                    where unmapped_alert_view.last_delivery_id <> excluded.last_delivery_id
                      and unmapped_alert_view.delivery_id <> excluded.last_delivery_id""",
                alert.fingerprint(), java.sql.Timestamp.from(alert.firingStartsAt()), event.status().name(),
                event.deliveryId().value(), alert.alertname(), event.reason(), toJson(alert), java.sql.Timestamp.from(recordedAt),
                event.deliveryId().value(), java.sql.Timestamp.from(recordedAt));
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from alert_delivery_view");
        jdbc.update("delete from lost_alerts_view");
        jdbc.update("delete from unmapped_alert_view");
    }

    @QueryHandler
    List<AlertDeliveryView> handle(ListAlertDeliveries query) {
        return jdbc.query(DELIVERY_COLUMNS + " order by received_at desc, delivery_id limit ?", this::delivery, query.limit());
    }

    @QueryHandler
    Optional<AlertDeliveryView> handle(FindAlertDelivery query) {
        return jdbc.query(DELIVERY_COLUMNS + " where delivery_id = ?", this::delivery, query.deliveryId().value()).stream().findFirst();
    }

    private static final String DELIVERY_COLUMNS = """
            select delivery_id, receiver, status, group_key, truncated_alerts, routed, alert_count, outcomes, received_at, actor
            from alert_delivery_view""";

    private AlertDeliveryView delivery(ResultSet rs, int row) throws SQLException {
        return new AlertDeliveryView(AlertDeliveryId.of(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getInt(5), rs.getBoolean(6), rs.getInt(7), readOutcomes(rs.getString(8)), rs.getTimestamp(9).toInstant(),
                rs.getString(10));
    }

    @QueryHandler
    List<UnmappedAlertView> handle(ListUnmappedAlerts query) {
        return jdbc.query("""
                        select delivery_id, status, reason, alert, received_at, deliveries, last_received_at
                        from unmapped_alert_view
                        order by received_at desc, delivery_id, fingerprint limit ?""",
                (rs, row) -> new UnmappedAlertView(AlertDeliveryId.of(rs.getString(1)), rs.getString(2), rs.getString(3),
                        read(rs.getString(4), ReceivedAlert.class), rs.getTimestamp(5).toInstant(), rs.getInt(6),
                        rs.getTimestamp(7).toInstant()),
                query.limit());
    }

    @QueryHandler
    LostAlertsView handle(ListLostAlerts query) {
        List<LostAlertsView.Delivery> deliveries = jdbc.query("""
                        select delivery_id, receiver, group_key, lost_alerts, received_at from lost_alerts_view
                        order by received_at desc, delivery_id limit ?""",
                (rs, row) -> new LostAlertsView.Delivery(AlertDeliveryId.of(rs.getString(1)), rs.getString(2),
                        rs.getString(3), rs.getInt(4), rs.getTimestamp(5).toInstant()),
                query.limit());
        Long total = jdbc.queryForObject("select coalesce(sum(lost_alerts), 0) from lost_alerts_view", Long.class);
        return new LostAlertsView(total == null ? 0 : total, deliveries);
    }

    private List<AlertOutcome> readOutcomes(String text) {
        try {
            return json.readValue(text, new TypeReference<>() { });
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
