package org.binkindly.ledger.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The no-go gate ({@code ledger.gate.*}).
 *
 * @param drillRecency how recent a rollback drill that met the objective must be to count as proof
 */
@ConfigurationProperties(prefix = "ledger.gate")
public record GateProperties(@DefaultValue("90d") Duration drillRecency) {
}
