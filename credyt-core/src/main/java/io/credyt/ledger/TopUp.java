package io.credyt.ledger;

import java.math.BigDecimal;

import io.credyt.money.Conversion;

/**
 * A credited payment: the grant it created and the conversion behind it.
 * {@code conversion.residualInBase()} is recorded in the ledger's rounding table, so
 * {@code paid × rate(paid asset) == credited × rate(asset) + residual} holds exactly.
 *
 * @param grant the paid grant
 * @param conversion the conversion from the paid asset
 * @param residualInBase the residual recorded
 */
public record TopUp(CreditGrant grant, Conversion conversion, BigDecimal residualInBase) {
}
