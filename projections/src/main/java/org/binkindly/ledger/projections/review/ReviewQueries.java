package org.binkindly.ledger.projections.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.queryhandling.QueryHandler;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.IncidentState;
import org.binkindly.ledger.core.incident.VerificationOutcome;
import org.binkindly.ledger.core.killswitch.KillSwitchState;
import org.binkindly.ledger.core.rebind.RebindState;
import org.binkindly.ledger.core.shared.QueryBounds;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.projections.incident.IncidentViewProjector;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Post-incident review queries over the incident, kill-switch and rebind views: time to first
 * containment, time to restore, the rollback objective met or missed, incidents by class, scope and
 * period, and recurrences. It keeps no table of its own; everything is computed from the folds those
 * views store, so it is as rebuildable as they are.
 */
public class ReviewQueries {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public ReviewQueries(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @QueryHandler
    IncidentReviewsView handle(ListIncidentReviews query) {
        List<IncidentState> incidents = incidents(query.incidentClass(), query.scope(), query.from(), query.to(), query.limit());
        List<String> ids = incidents.stream().map(state -> state.incidentId().value()).toList();
        Map<String, List<KillSwitchState>> switches = linked("kill_switch_view", ids, KillSwitchState.class);
        Map<String, List<RebindState>> rebinds = linked("rebind_view", ids, RebindState.class);

        List<IncidentReviewsView.IncidentReview> reviews = new ArrayList<>();
        Map<IncidentClass, Integer> byClass = new EnumMap<>(IncidentClass.class);
        Map<String, Integer> byScope = new TreeMap<>();
        Map<IncidentReviewsView.RollbackObjective, Integer> objectives = new EnumMap<>(IncidentReviewsView.RollbackObjective.class);
        List<Long> containment = new ArrayList<>();
        List<Long> restore = new ArrayList<>();
        for (IncidentState incident : incidents) {
            List<KillSwitchState> itsSwitches = switches.getOrDefault(incident.incidentId().value(), List.of());
            List<RebindState> itsRebinds = rebinds.getOrDefault(incident.incidentId().value(), List.of()).stream()
                    .filter(rebind -> !rebind.drill()).toList();
            Instant contained = earliest(Stream.of(
                    incident.containmentActions().stream().map(IncidentState.Note::performedAt),
                    itsSwitches.stream().map(KillSwitchState::activatedAt),
                    itsRebinds.stream().map(rebind -> rebind.write() == null ? null : rebind.write().provenance().recordedAt()))
                    .flatMap(times -> times));
            Instant restored = earliest(Stream.concat(
                    incident.verifications().stream().filter(v -> v.outcome() == VerificationOutcome.PASSED)
                            .map(IncidentState.Verification::verifiedAt),
                    itsRebinds.stream().map(rebind -> rebind.completion() == null ? null : rebind.completion().restoredAt())));
            Long toContain = seconds(incident.detectedAt(), contained);
            Long toRestore = seconds(incident.detectedAt(), restored);
            IncidentReviewsView.RollbackObjective objective = objective(itsRebinds);
            reviews.add(new IncidentReviewsView.IncidentReview(incident.incidentId(), incident.incidentClass(), incident.scope(),
                    incident.severity(), incident.status(), incident.detectedAt(), contained, toContain, restored, toRestore,
                    incident.closure() == null ? null : incident.closure().provenance().recordedAt(), objective,
                    incident.recurrenceOf()));
            byClass.merge(incident.incidentClass(), 1, Integer::sum);
            byScope.merge(incident.scope().toString(), 1, Integer::sum);
            objectives.merge(objective, 1, Integer::sum);
            if (toContain != null) {
                containment.add(toContain);
            }
            if (toRestore != null) {
                restore.add(toRestore);
            }
        }
        return new IncidentReviewsView(reviews, reviews.size(), byClass, byScope, durations(containment), durations(restore),
                objectives);
    }

    @QueryHandler
    RollbackReviewsView handle(ListRollbackReviews query) {
        StringBuilder sql = new StringBuilder("select state from rebind_view where 1 = 1");
        List<Object> args = new ArrayList<>();
        where(sql, args, query.scope(), "started_at", query.from(), query.to());
        if (query.drill() != null) {
            sql.append(" and drill = ?");
            args.add(query.drill());
        }
        sql.append(" order by started_at desc, rebind_id limit ?");
        args.add(query.limit());
        List<RollbackReviewsView.RollbackReview> reviews = new ArrayList<>();
        Map<RollbackReviewsView.Outcome, Integer> byOutcome = new EnumMap<>(RollbackReviewsView.Outcome.class);
        boolean provenByDrill = false;
        for (RebindState rebind : jdbc.query(sql.toString(), (rs, row) -> read(rs.getString(1), RebindState.class), args.toArray())) {
            RebindState.Completion done = rebind.completion();
            RollbackReviewsView.Outcome outcome = outcome(rebind);
            reviews.add(new RollbackReviewsView.RollbackReview(rebind.rebindId(), rebind.scope(), rebind.drill(), rebind.incidentId(),
                    rebind.badPublishConfirmedAt(), rebind.phase(), done == null ? null : done.restoreSeconds(),
                    done == null ? null : done.integritySeconds(), done == null ? null : done.restoreObjectiveMet(),
                    done == null ? null : done.integrityObjectiveMet(),
                    rebind.breaches().entrySet().stream().map(breach -> breach.getKey() + " deadline " + breach.getValue()).toList(),
                    outcome));
            byOutcome.merge(outcome, 1, Integer::sum);
            provenByDrill |= rebind.drill() && outcome == RollbackReviewsView.Outcome.MET;
        }
        return new RollbackReviewsView(reviews, byOutcome, provenByDrill);
    }

    @QueryHandler
    RecurrencesView handle(ListRecurrences query) {
        List<IncidentState> incidents = incidents(null, query.scope(), query.from(), query.to(), Integer.MAX_VALUE);
        Map<String, IncidentState> byId = new HashMap<>();
        incidents.forEach(incident -> byId.put(incident.incidentId().value(), incident));
        Map<String, List<IncidentState>> groups = new LinkedHashMap<>();
        incidents.stream().sorted(Comparator.comparing(IncidentState::detectedAt).thenComparing(state -> state.incidentId().value()))
                .filter(incident -> !incident.recurrenceOf().isEmpty())
                .forEach(flagged -> {
                    List<IncidentState> group = groups.computeIfAbsent(flagged.incidentClass() + " " + flagged.scope(), key -> new ArrayList<>());
                    for (IncidentId earlier : flagged.recurrenceOf()) {
                        IncidentState repeated = byId.get(earlier.value());
                        if (repeated != null && !group.contains(repeated)) {
                            group.add(repeated);
                        }
                    }
                    if (!group.contains(flagged)) {
                        group.add(flagged);
                    }
                });
        List<RecurrencesView.Recurrence> recurrences = groups.values().stream().map(group -> {
            List<IncidentState> ordered = group.stream().sorted(Comparator.comparing(IncidentState::detectedAt)
                    .thenComparing(state -> state.incidentId().value())).toList();
            IncidentState first = ordered.get(0);
            return new RecurrencesView.Recurrence(first.incidentClass(), first.scope(),
                    (int) ordered.stream().filter(state -> !state.recurrenceOf().isEmpty()).count(),
                    ordered.stream().map(state -> new RecurrencesView.Occurrence(state.incidentId(), state.detectedAt(),
                            state.recurrenceOf())).toList());
        }).toList();
        return new RecurrencesView(recurrences);
    }

    private List<IncidentState> incidents(IncidentClass incidentClass, Scope scope, Instant from, Instant to, int limit) {
        StringBuilder sql = new StringBuilder("select " + IncidentViewProjector.STATE + " from incident_view v where 1 = 1");
        List<Object> args = new ArrayList<>();
        if (incidentClass != null) {
            sql.append(" and incident_class = ?");
            args.add(incidentClass.name());
        }
        where(sql, args, scope, "detected_at", from, to);
        sql.append(" order by detected_at desc, incident_id limit ?");
        args.add(limit);
        return jdbc.query(sql.toString(), (rs, row) -> read(rs.getString(1), IncidentState.class), args.toArray());
    }

    private <T> Map<String, List<T>> linked(String table, List<String> incidentIds, Class<T> type) {
        Map<String, List<T>> linked = new HashMap<>();
        if (incidentIds.isEmpty()) {
            return linked;
        }
        String marks = String.join(", ", incidentIds.stream().map(id -> "?").toList());
        jdbc.query("select incident_id, state from " + table + " where incident_id in (" + marks + ")", rs -> {
            linked.computeIfAbsent(rs.getString(1), id -> new ArrayList<>()).add(read(rs.getString(2), type));
        }, incidentIds.toArray());
        return linked;
    }

    private static void where(StringBuilder sql, List<Object> args, Scope scope, String timeColumn, Instant from, Instant to) {
        if (scope != null) {
            sql.append(" and scope_kind = ? and scope_id = ?");
            args.add(scope.kind().pathSegment());
            args.add(scope.id());
        }
        if (from != null) {
            sql.append(" and ").append(timeColumn).append(" >= ?");
            args.add(Timestamp.from(QueryBounds.storable(from)));
        }
        if (to != null) {
            sql.append(" and ").append(timeColumn).append(" < ?");
            args.add(Timestamp.from(QueryBounds.storable(to)));
        }
    }

    /** The best outcome among the incident's (non-drill) rebinds. */
    private static IncidentReviewsView.RollbackObjective objective(List<RebindState> rebinds) {
        if (rebinds.isEmpty()) {
            return IncidentReviewsView.RollbackObjective.NOT_APPLICABLE;
        }
        return rebinds.stream().map(ReviewQueries::outcome).min(Comparator.naturalOrder())
                .map(outcome -> IncidentReviewsView.RollbackObjective.valueOf(outcome.name()))
                .orElse(IncidentReviewsView.RollbackObjective.NOT_APPLICABLE);
    }

    private static RollbackReviewsView.Outcome outcome(RebindState rebind) {
        if (rebind.completion() != null) {
            return rebind.completion().restoreObjectiveMet() && rebind.completion().integrityObjectiveMet() && rebind.breaches().isEmpty()
                    ? RollbackReviewsView.Outcome.MET : RollbackReviewsView.Outcome.MISSED;
        }
        if (rebind.phase() == RebindState.Phase.FAILED) {
            return RollbackReviewsView.Outcome.FAILED;
        }
        return rebind.breaches().isEmpty() ? RollbackReviewsView.Outcome.IN_PROGRESS : RollbackReviewsView.Outcome.MISSED;
    }

    private static Instant earliest(Stream<Instant> times) {
        return times.filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
    }

    private static Long seconds(Instant from, Instant to) {
        return from == null || to == null ? null : Math.max(0, Duration.between(from, to).toSeconds());
    }

    private static IncidentReviewsView.Durations durations(List<Long> seconds) {
        if (seconds.isEmpty()) {
            return new IncidentReviewsView.Durations(0, null, null);
        }
        List<Long> sorted = seconds.stream().sorted().toList();
        int size = sorted.size();
        long median = size % 2 == 1 ? sorted.get(size / 2) : (sorted.get(size / 2 - 1) + sorted.get(size / 2)) / 2;
        return new IncidentReviewsView.Durations(size, median, sorted.get(size - 1));
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
