package io.credyt.engine;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.credyt.catalog.Product;
import io.credyt.catalog.Quote;
import io.credyt.ledger.EntryType;
import io.credyt.ledger.FeeSplit;
import io.credyt.ledger.GrantPurpose;
import io.credyt.ledger.Hold;
import io.credyt.ledger.HoldStatus;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.ledger.LedgerEvent;
import io.credyt.ledger.UsageRecord;
import io.credyt.money.Money;

/**
 * Plans a batch of commands, one after another in their given order, against a snapshot read
 * under the batch's locks. Each command sees what the commands before it did; a command that
 * cannot be carried out (the balance does not cover it, its hold ended) changes nothing and
 * leaves its neighbours alone. Pure: no database, no clock, no randomness.
 *
 * <p>
 * The rules, as before the engine was split in two: entitlement units first (the allowances that
 * renew or end soonest first), then money; a capture at or below its hold always succeeds, above
 * it takes the difference from the available balance; a debit takes value from the account's
 * grants in consumption order (priority, earliest expiry, age) and records how much of the fee
 * was promotional, bundled, paid or unfunded (an overdraft).
 */
public final class Planner {

	/** How a customer on a plan pays for a product. */
	@FunctionalInterface
	public interface Pricing {

		/** Every customer pays the products' own prices. */
		Pricing NONE = (product, plan) -> product;

		/**
		 * The product as a customer on the plan pays for it.
		 * @param product the product
		 * @param plan the customer's plan code
		 * @return the product with the plan's prices, or the product itself
		 */
		Product pricing(Product product, String plan);

	}

	private final Pricing pricing;

	/** A planner for a catalog without plans. */
	public Planner() {
		this(Pricing.NONE);
	}

	/**
	 * A planner pricing the usage of customers with an active plan at the plan's prices.
	 * @param pricing how a plan prices a product
	 */
	public Planner(Pricing pricing) {
		this.pricing = pricing;
	}

	/**
	 * Plans the commands.
	 * @param commands the batch, in arrival order
	 * @param snapshot what was read under the batch's locks; changed in place as planned
	 * @param now the batch's time
	 * @return the outcomes and the writes
	 */
	public Plan plan(List<Command> commands, Snapshot snapshot, Instant now) {
		Run run = new Run(snapshot, now, this.pricing);
		for (Command command : commands) {
			run.plan.outcomes().add(run.plan(command));
		}
		run.balanceEvents();
		return run.plan;
	}

	/**
	 * The fee for the billable part of a quote (what entitlements did not cover).
	 * @param product the product
	 * @param quote the whole quantity's quote
	 * @param billableUnits the units to pay for
	 * @return the fee
	 */
	public static BigDecimal fee(Product product, Quote quote, BigDecimal billableUnits) {
		if (billableUnits.signum() <= 0) {
			return Money.zero();
		}
		if (billableUnits.compareTo(quote.quantity()) == 0) {
			return quote.fee();
		}
		return product.quote(quote.dimensions(), billableUnits).fee();
	}

	/**
	 * Gives back the entitlement units one usage took, for a refund. Units taken by a hold go back
	 * to the entitlements its uses name; units of a usage billed directly (no uses are kept) go back
	 * to the customer's entitlements of the product in the order units are taken. Either way only
	 * into the period they were taken in: a period that has rolled over starts full anyway, and its
	 * units are not given twice.
	 * @param entitlements the customer's entitlements, read under their lock, in the order units
	 * are taken; changed in place
	 * @param uses the units the usage's hold took, empty when it was billed directly; changed in
	 * place
	 * @param product the usage's product
	 * @param units the units entitlements covered
	 * @param recordedAt when the usage was billed
	 * @param now the time of the refund
	 * @return the units given back
	 */
	public static BigDecimal restoreUnits(List<EntitlementState> entitlements, List<EntitlementUse> uses,
			String product, BigDecimal units, Instant recordedAt, Instant now) {
		BigDecimal left = units;
		if (!uses.isEmpty()) {
			for (EntitlementUse use : uses) {
				BigDecimal back = left.min(use.units());
				if (back.signum() <= 0) {
					continue;
				}
				for (EntitlementState entitlement : entitlements) {
					if (entitlement.id().equals(use.entitlementId())) {
						entitlement.remaining(now);
						BigDecimal given = entitlement.giveBack(back, use.periodStart());
						use.add(given.negate());
						left = left.subtract(given);
					}
				}
			}
			return units.subtract(left);
		}
		for (EntitlementState entitlement : entitlements) {
			if (left.signum() <= 0) {
				break;
			}
			if (!entitlement.product().equals(product)) {
				continue;
			}
			entitlement.remaining(now);
			if (!entitlement.periodStart().isAfter(recordedAt)) {
				left = left.subtract(entitlement.giveBack(left, entitlement.periodStart()));
			}
		}
		return units.subtract(left);
	}

	/**
	 * Takes an amount from grant lots in the order given.
	 * @param lots the lots, in consumption order
	 * @param amount what to take
	 * @return how much came from each purpose, and what no lot covered
	 */
	public static FeeSplit consume(List<GrantLot> lots, BigDecimal amount) {
		Map<GrantPurpose, BigDecimal> taken = new EnumMap<>(GrantPurpose.class);
		BigDecimal left = amount;
		for (GrantLot lot : lots) {
			if (left.signum() <= 0) {
				break;
			}
			BigDecimal take = lot.take(left);
			if (take.signum() > 0) {
				taken.merge(lot.purpose(), take, BigDecimal::add);
				left = left.subtract(take);
			}
		}
		return new FeeSplit(Money.round(taken.getOrDefault(GrantPurpose.PROMOTIONAL, Money.zero())),
				Money.round(taken.getOrDefault(GrantPurpose.BUNDLED, Money.zero())),
				Money.round(taken.getOrDefault(GrantPurpose.PAID, Money.zero())), Money.round(left.max(Money.zero())));
	}

	/** One planning pass over a batch. */
	private static final class Run {

		final Snapshot snapshot;

		final Instant now;

		final Plan plan;

		/** Event ids billed by earlier commands of this batch, with their fingerprints. */
		final Map<String, String> billedHere = new HashMap<>();

		/** Holds ended by earlier commands of this batch. */
		final Map<UUID, Snapshot.HoldRow> endedHere = new HashMap<>();

		final Map<Long, String> customers = new HashMap<>();

		final Pricing pricing;

		Run(Snapshot snapshot, Instant now, Pricing pricing) {
			this.snapshot = snapshot;
			this.now = now;
			this.plan = new Plan(snapshot);
			this.pricing = pricing;
		}

		/**
		 * The product as the customer pays for it now, with the command's quote at that price: the
		 * customer's plan's prices while a subscription is active (read under the batch's locks), the
		 * product's own otherwise. The vendor cost stays the command's.
		 */
		Priced priced(long customerId, Product product, Quote quote) {
			String planCode = this.snapshot.plans.get(customerId);
			if (planCode == null) {
				return new Priced(product, quote);
			}
			Product pricing = this.pricing.pricing(product, planCode);
			if (pricing == product) {
				return new Priced(product, quote);
			}
			return new Priced(pricing, pricing.quote(quote.dimensions(), quote.quantity()).cost(quote.cost()));
		}

		Outcome plan(Command command) {
			if (command instanceof Command.Authorize authorize) {
				return authorize(authorize);
			}
			if (command instanceof Command.Capture capture) {
				return capture(capture);
			}
			if (command instanceof Command.Release release) {
				return release(release);
			}
			return record((Command.Record) command);
		}

		Outcome authorize(Command.Authorize command) {
			this.customers.put(command.customerId(), command.customer());
			AccountState account = account(command);
			Priced priced = priced(command.customerId(), command.product(), command.quote());
			Quote quote = priced.quote();
			List<Take> takes = proposeTakes(command.customerId(), quote.product(), quote.quantity());
			BigDecimal entitled = total(takes);
			BigDecimal amount = fee(priced.product(), quote, quote.quantity().subtract(entitled));
			if (amount.signum() > 0 && !account.covers(Money.zero(), amount)) {
				return insufficient(command.customer(), quote.product(), account, amount);
			}
			for (Take take : takes) {
				BigDecimal units = take.entitlement().take(take.units(), this.now);
				use(command.holdId(), take.entitlement(), units);
			}
			account.move(Money.zero(), amount);
			Instant expiresAt = command.expiresAt();
			Hold hold = new Hold(command.holdId(), command.customer(), quote.product(), quote.asset(), quote.quantity(),
					quote.dimensions(), Money.round(entitled), amount, HoldStatus.ACTIVE, this.now, expiresAt, null, null);
			this.plan.holdInserts().add(new Plan.HoldInsert(command.customerId(), hold));
			this.plan.events().add(new LedgerEvent.HoldPlaced(hold));
			return new Outcome.Placed(hold);
		}

		Outcome capture(Command.Capture command) {
			Hold hold = command.hold();
			this.customers.put(command.customerId(), hold.customer());
			Outcome inactive = inactive(hold.id());
			if (inactive != null) {
				return inactive;
			}
			String previous = billed(command.eventId());
			if (previous != null) {
				end(command.customerId(), hold, HoldStatus.RELEASED, null);
				return new Outcome.Replay(command.eventId(), command.fingerprint());
			}
			AccountState account = account(command);
			Priced priced = priced(command.customerId(), command.product(), command.quote());
			Quote quote = priced.quote();
			BigDecimal entitled = hold.entitledUnits();
			BigDecimal giveBack = Money.zero();
			List<Take> more = List.of();
			if (quote.quantity().compareTo(entitled) < 0) {
				giveBack = entitled.subtract(quote.quantity());
				entitled = quote.quantity();
			}
			else if (quote.quantity().compareTo(entitled) > 0 && entitled.signum() > 0) {
				more = proposeTakes(command.customerId(), quote.product(), quote.quantity().subtract(entitled));
				entitled = entitled.add(total(more));
			}
			BigDecimal fee = fee(priced.product(), quote, quote.quantity().subtract(entitled));
			if (!account.covers(fee, hold.amount().negate())) {
				return insufficient(hold.customer(), quote.product(), account, fee.subtract(hold.amount()));
			}
			if (giveBack.signum() > 0) {
				giveBack(hold.id(), command.customerId(), giveBack);
			}
			for (Take take : more) {
				use(hold.id(), take.entitlement(), take.entitlement().take(take.units(), this.now));
			}
			account.move(fee, hold.amount().negate());
			this.endedHere.put(hold.id(), new Snapshot.HoldRow(HoldStatus.CAPTURED, command.eventId()));
			this.plan.holdEnds()
				.add(new Plan.HoldEnd(hold.id(), HoldStatus.CAPTURED, this.now, command.eventId()));
			UsageRecord usage = debit(command.customerId(), hold.customer(), account, quote, command.eventId(),
					command.fingerprint(), Money.round(entitled), fee, command.occurredAt(), hold.id());
			return new Outcome.Recorded(usage);
		}

		Outcome release(Command.Release command) {
			Hold hold = command.hold();
			this.customers.put(command.customerId(), hold.customer());
			Outcome inactive = inactive(hold.id());
			if (inactive != null) {
				return inactive;
			}
			end(command.customerId(), hold, command.endAs(), null);
			return new Outcome.Ended(hold.id(), command.endAs());
		}

		Outcome record(Command.Record command) {
			this.customers.put(command.customerId(), command.customer());
			if (billed(command.eventId()) != null) {
				return new Outcome.Replay(command.eventId(), command.fingerprint());
			}
			AccountState account = account(command);
			Priced priced = priced(command.customerId(), command.product(), command.quote());
			Quote quote = priced.quote();
			List<Take> takes = proposeTakes(command.customerId(), quote.product(), quote.quantity());
			BigDecimal entitled = total(takes);
			BigDecimal fee = fee(priced.product(), quote, quote.quantity().subtract(entitled));
			if (fee.signum() > 0 && !account.covers(fee, Money.zero())) {
				return insufficient(command.customer(), quote.product(), account, fee);
			}
			for (Take take : takes) {
				take.entitlement().take(take.units(), this.now);
			}
			account.move(fee, Money.zero());
			return new Outcome.Recorded(debit(command.customerId(), command.customer(), account, quote,
					command.eventId(), command.fingerprint(), Money.round(entitled), fee, command.occurredAt(), null));
		}

		/** The rest of a debit once the account has moved: grants, the entry, the usage event. */
		UsageRecord debit(long customerId, String customer, AccountState account, Quote quote, String eventId,
				String fingerprint, BigDecimal entitled, BigDecimal fee, Instant occurredAt, @Nullable UUID holdId) {
			FeeSplit split = consume(this.snapshot.grants.getOrDefault(account.key(), List.of()), fee);
			if (fee.signum() > 0) {
				this.plan.postings()
					.add(new Plan.Posting(customerId, quote.asset(), fee.negate(), EntryType.USAGE, eventId));
			}
			UsageRecord usage = new UsageRecord(eventId, customer, quote.product(), quote.quantity(), quote.dimensions(),
					occurredAt, this.now, quote.asset(), entitled, fee, split, quote.cost(), holdId);
			this.plan.usages().add(new Plan.UsageInsert(customerId, fingerprint, usage));
			this.billedHere.put(eventId, fingerprint);
			this.plan.events().add(new LedgerEvent.UsageRecorded(usage));
			return usage;
		}

		/** Ends a hold without a charge: its units and funds go back. */
		void end(long customerId, Hold hold, HoldStatus status, @Nullable String eventId) {
			AccountState account = this.snapshot.accounts.get(new AccountKey(customerId, hold.asset()));
			giveBack(hold.id(), customerId, null);
			Objects.requireNonNull(account, "the hold's account").move(Money.zero(), hold.amount().negate());
			this.endedHere.put(hold.id(), new Snapshot.HoldRow(status, eventId));
			this.plan.holdEnds().add(new Plan.HoldEnd(hold.id(), status, this.now, eventId));
			this.plan.events().add(new LedgerEvent.HoldEnded(hold.customer(), hold.id(), status));
		}

		/** The outcome for a hold that is not active (ended earlier in the batch, or as read), else null. */
		@Nullable Outcome inactive(UUID holdId) {
			Snapshot.HoldRow row = this.endedHere.get(holdId);
			if (row == null && this.snapshot.holds != null) {
				row = this.snapshot.holds.get(holdId);
				if (row == null) {
					return new Outcome.NotActive(holdId, null, null);
				}
			}
			if (row != null && row.status() != HoldStatus.ACTIVE) {
				return new Outcome.NotActive(holdId, row.status(), row.usageEventId());
			}
			return null;
		}

		@Nullable String billed(String eventId) {
			String here = this.billedHere.get(eventId);
			if (here != null) {
				return here;
			}
			return (this.snapshot.billed != null) ? this.snapshot.billed.get(eventId) : null;
		}

		AccountState account(Command command) {
			return Objects.requireNonNull(this.snapshot.accounts.get(command.account()),
					() -> "account " + command.account() + " was not read");
		}

		/** Units the customer's usable entitlements for a product could give, without taking them. */
		List<Take> proposeTakes(long customerId, String product, BigDecimal wanted) {
			List<Take> takes = new ArrayList<>();
			BigDecimal left = wanted;
			for (EntitlementState entitlement : this.snapshot.entitlements.getOrDefault(customerId, List.of())) {
				if (left.signum() <= 0) {
					break;
				}
				if (!entitlement.product().equals(product) || !entitlement.usable(this.now)) {
					continue;
				}
				BigDecimal take = left.min(entitlement.remaining(this.now));
				if (take.signum() > 0) {
					takes.add(new Take(entitlement, take));
					left = left.subtract(take);
				}
			}
			return takes;
		}

		void use(UUID holdId, EntitlementState entitlement, BigDecimal units) {
			if (units.signum() <= 0) {
				return;
			}
			List<EntitlementUse> uses = this.snapshot.uses.computeIfAbsent(holdId, (id) -> new ArrayList<>());
			for (EntitlementUse use : uses) {
				if (use.entitlementId().equals(entitlement.id())) {
					use.add(units);
					return;
				}
			}
			uses.add(new EntitlementUse(holdId, entitlement.id(), units, entitlement.periodStart(), false));
		}

		/**
		 * Gives units a hold took back, in entitlement order; units whose period has since rolled
		 * over are not given back (the new period starts full anyway).
		 */
		void giveBack(UUID holdId, long customerId, @Nullable BigDecimal limit) {
			List<EntitlementUse> uses = new ArrayList<>(this.snapshot.uses.getOrDefault(holdId, List.of()));
			uses.sort(Comparator.comparing(EntitlementUse::entitlementId));
			BigDecimal left = limit;
			for (EntitlementUse use : uses) {
				BigDecimal back = (left != null) ? left.min(use.units()) : use.units();
				if (back.signum() <= 0) {
					continue;
				}
				EntitlementState entitlement = entitlement(customerId, use.entitlementId());
				if (entitlement != null) {
					entitlement.giveBack(back, use.periodStart());
				}
				use.add(back.negate());
				if (left != null) {
					left = left.subtract(back);
				}
			}
		}

		@Nullable EntitlementState entitlement(long customerId, UUID id) {
			for (EntitlementState entitlement : this.snapshot.entitlements.getOrDefault(customerId, List.of())) {
				if (entitlement.id().equals(id)) {
					return entitlement;
				}
			}
			return null;
		}

		Outcome insufficient(String customer, String product, AccountState account, BigDecimal required) {
			return new Outcome.Failed(
					new InsufficientBalanceException(customer, product, account.key().asset(), required, account.spendable()));
		}

		/** One event per account whose balance moved, with its available balance before and after. */
		void balanceEvents() {
			for (AccountState account : this.plan.accountMoves()) {
				this.plan.events()
					.add(new LedgerEvent.BalanceChanged(this.customers.getOrDefault(account.key().customerId(), ""),
							account.key().asset(), account.availableBefore(), account.available()));
			}
		}

		static BigDecimal total(List<Take> takes) {
			BigDecimal total = Money.zero();
			for (Take take : takes) {
				total = total.add(take.units());
			}
			return total;
		}

	}

	private record Take(EntitlementState entitlement, BigDecimal units) {
	}

	/** A product as its customer pays for it, and a usage's quote at that price. */
	private record Priced(Product product, Quote quote) {
	}

}
