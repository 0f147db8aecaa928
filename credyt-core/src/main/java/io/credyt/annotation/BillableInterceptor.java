package io.credyt.annotation;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.expression.AnnotatedElementKey;
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.EvaluationException;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import io.credyt.InvalidRequestException;
import io.credyt.ledger.AuthorizationRequest;
import io.credyt.ledger.Capture;
import io.credyt.ledger.Hold;
import io.credyt.ledger.HoldNotActiveException;
import io.credyt.ledger.HoldStatus;
import io.credyt.ledger.IdempotencyConflictException;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.Onboarding;
import io.credyt.ledger.UsageEvent;
import io.credyt.ledger.UsageRecord;
import io.credyt.money.Money;

/**
 * Bills {@link Billable} methods: authorize before, capture after a return, release after a
 * throw. Per-method metadata and parsed expressions are cached; every {@code @Billable} method of
 * the application's beans is checked once all singletons exist, so mistakes fail the start-up.
 *
 * <p>
 * When a method returns a {@link CompletionStage}, the hold is captured or released when the
 * stage completes.
 *
 * <p>
 * After the method has returned, some outcomes still need a decision, and none un-does the work:
 * when the final quantity costs more than the hold and the wallet cannot cover the difference, or
 * the quantity cannot be read from the result, the authorized quantity is captured (and a warning
 * logged); when the hold has expired during a very long call, the usage is recorded directly;
 * when the {@linkplain Billable#cost() cost} expression fails or gives a value the ledger cannot
 * take, the usage is captured with the product's configured vendor cost (and a warning logged).
 *
 * <p>
 * When the capture itself fails (the database is gone), the caller gets
 * {@link UsageNotRecordedException}, never the method's result as if it had been billed.
 *
 * <p>
 * A call retried with an idempotency key that was billed already runs again, without a hold, and
 * is not charged again; a key expression that gives {@code null} or blank text bills the call as a
 * new usage event, as an empty attribute does; a key that billed another customer, product or dimensions raises
 * {@link IdempotencyConflictException} and the method is not invoked. (Concurrent retries that race
 * the first call each take a hold; all but one are released.)
 */
public final class BillableInterceptor implements MethodInterceptor, BeanFactoryAware, SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(BillableInterceptor.class);

	private final Ledger ledger;

	private final ObjectProvider<CustomerResolver> customerResolver;

	private final ObjectProvider<Onboarding> onboarding;

	private final SpelExpressionParser parser = new SpelExpressionParser();

	private final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	private final Map<AnnotatedElementKey, BillableMethod> methods = new ConcurrentHashMap<>();

	private @Nullable BeanFactory beanFactory;

	public BillableInterceptor(Ledger ledger, ObjectProvider<CustomerResolver> customerResolver,
			ObjectProvider<Onboarding> onboarding) {
		this.ledger = ledger;
		this.customerResolver = customerResolver;
		this.onboarding = onboarding;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	/**
	 * Checks every {@code @Billable} method of the context's beans, so that an unknown product or
	 * dimension, or SpEL that does not parse, fails the start-up rather than the first call.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		if (!(this.beanFactory instanceof DefaultListableBeanFactory factory)) {
			return;
		}
		for (String name : factory.getBeanDefinitionNames()) {
			if (factory.getBeanDefinition(name) instanceof AbstractBeanDefinition definition && definition.isAbstract()) {
				continue;
			}
			Class<?> type = AutoProxyUtils.determineTargetClass(factory, name);
			if (type == null) {
				type = factory.getType(name, false);
			}
			if (type == null) {
				continue;
			}
			Class<?> userClass = ClassUtils.getUserClass(type);
			ReflectionUtils.doWithMethods(userClass, (method) -> metadata(method, userClass),
					(method) -> AnnotatedElementUtils.hasAnnotation(method, Billable.class));
		}
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object target = invocation.getThis();
		Class<?> targetClass = (target != null) ? AopUtils.getTargetClass(target) : invocation.getMethod().getDeclaringClass();
		Method method = AopUtils.getMostSpecificMethod(invocation.getMethod(), targetClass);
		BillableMethod billable = metadata(method, targetClass);
		MethodBasedEvaluationContext context = new MethodBasedEvaluationContext(target, method,
				invocation.getArguments(), this.parameterNames);
		if (this.beanFactory != null) {
			context.setBeanResolver(new BeanFactoryResolver(this.beanFactory));
		}
		String customer = customer(billable, context);
		Map<String, String> dimensions = dimensions(billable, context);
		BigDecimal estimate = quantity(billable, billable.quantityReadsResult() ? billable.estimate() : billable.quantity(),
				context);
		String key = idempotencyKey(billable, context);
		String eventId = (key != null) ? key : UUID.randomUUID().toString();
		if (key != null && alreadyBilled(billable, eventId, customer, dimensions)) {
			return invocation.proceed();
		}
		Onboarding onboard = this.onboarding.getIfAvailable();
		if (onboard != null) {
			onboard.onboard(customer);
		}
		Hold hold = this.ledger.authorize(
				new AuthorizationRequest(customer, billable.product().code(), estimate, dimensions));
		Object result;
		try {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			release(hold, ex);
			throw ex;
		}
		if (result instanceof CompletionStage<?> stage) {
			return stage.whenComplete((value, error) -> {
				if (error != null) {
					release(hold, error);
				}
				else {
					capture(billable, hold, eventId, context, value);
				}
			});
		}
		capture(billable, hold, eventId, context, result);
		return result;
	}

	/**
	 * Whether a retried call was billed already under its idempotency key: then it runs without a
	 * hold and is not charged again, even when the wallet is empty by now.
	 * @throws IdempotencyConflictException if the key billed another customer, product or dimensions
	 */
	private boolean alreadyBilled(BillableMethod billable, String eventId, String customer,
			Map<String, String> dimensions) {
		Optional<UsageRecord> billed = this.ledger.usage(eventId);
		if (billed.isEmpty()) {
			return false;
		}
		if (!billed.get().customer().equals(customer) || !billed.get().product().equals(billable.product().code())
				|| !billed.get().dimensions().equals(dimensions)) {
			throw new IdempotencyConflictException(eventId);
		}
		return true;
	}

	private BillableMethod metadata(Method method, Class<?> targetClass) {
		return this.methods.computeIfAbsent(new AnnotatedElementKey(method, targetClass),
				(key) -> BillableMethod.of(method, targetClass, this.ledger.catalog(), this.parser,
						(this.beanFactory instanceof ConfigurableBeanFactory factory) ? factory::resolveEmbeddedValue
								: null,
						this.customerResolver.getIfAvailable() != null));
	}

	private String customer(BillableMethod billable, MethodBasedEvaluationContext context) {
		String customer;
		if (billable.customer() != null) {
			Object value = evaluate(billable, billable.customer(), context, "customer");
			customer = (value != null) ? value.toString() : null;
		}
		else {
			CustomerResolver resolver = this.customerResolver.getIfAvailable();
			customer = (resolver != null) ? resolver.currentCustomer() : null;
		}
		if (customer == null || customer.isBlank()) {
			throw new CustomerRequiredException(billable.name());
		}
		return customer;
	}

	private Map<String, String> dimensions(BillableMethod billable, MethodBasedEvaluationContext context) {
		Map<String, String> values = new LinkedHashMap<>();
		billable.dimensions().forEach((name, expression) -> {
			Object value = evaluate(billable, expression, context, "dimension " + name);
			if (value != null) {
				values.put(name, value.toString());
			}
		});
		return values;
	}

	/**
	 * The quantity an expression gives, within the ledger's limits before anything else reads it:
	 * a text is parsed as a plain decimal ({@link Money#parseQuantity}), a number is checked from
	 * its precision and scale, so {@code "1e999999999"} is refused without being written out.
	 */
	private BigDecimal quantity(BillableMethod billable, Expression expression, MethodBasedEvaluationContext context) {
		Object value = evaluate(billable, expression, context, "quantity");
		String field = "quantity";
		try {
			if (value instanceof CharSequence text) {
				return Money.parseQuantity(text.toString(), field);
			}
			if (value instanceof Number number) {
				return Money.quantity(decimal(number), field);
			}
		}
		catch (InvalidRequestException ex) {
			throw new InvalidRequestException(field, "@Billable method " + billable.name() + ": quantity '"
					+ expression.getExpressionString() + "' gave an unfit quantity: " + reason(ex));
		}
		throw new InvalidRequestException(field, "@Billable method " + billable.name() + ": quantity '"
				+ expression.getExpressionString() + "' gave " + Money.echo(value) + ", not a number");
	}

	/** A quantity may be a {@code double} ({@code 0.5} hours), read through its shortest text. */
	private static BigDecimal decimal(Number number) {
		if (number instanceof Double || number instanceof Float) {
			double value = number.doubleValue();
			if (!Double.isFinite(value)) {
				throw new InvalidRequestException("quantity", "must be a finite number, was " + value);
			}
			return BigDecimal.valueOf(value);
		}
		return exactDecimal(number, "quantity");
	}

	/**
	 * A value's exact decimal: a {@code BigDecimal}, a whole number, or text read by the one parser
	 * ({@link Money#parse}). A {@code double} or {@code float} is refused: it has no exact decimal
	 * value to give ({@code 0.1} is 0.1000000000000000055…), and an amount must never pass through
	 * one.
	 */
	private static BigDecimal exactDecimal(Object value, String field) {
		if (value instanceof BigDecimal decimal) {
			return decimal;
		}
		if (value instanceof BigInteger integer) {
			return new BigDecimal(integer);
		}
		if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
			return BigDecimal.valueOf(((Number) value).longValue());
		}
		if (value instanceof Double || value instanceof Float) {
			throw new InvalidRequestException(field, "must be exact (a BigDecimal, a whole number or text), was the "
					+ value.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " " + Money.echo(value));
		}
		if (value instanceof Number || value instanceof CharSequence) {
			// another Number type (AtomicLong, a library's own) or text: through the one parser
			return Money.parse(value.toString(), field);
		}
		throw new InvalidRequestException(field, "must be a number, was " + Money.echo(value));
	}

	private static String reason(InvalidRequestException ex) {
		String prefix = ex.field() + ": ";
		String message = String.valueOf(ex.getMessage());
		return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
	}

	/**
	 * The usage event id the idempotency key expression gives, or {@code null} for a new id: an
	 * expression that gives {@code null} or blank text (a request sent without its optional key)
	 * means what an empty attribute means, one new usage event for this call.
	 */
	private @Nullable String idempotencyKey(BillableMethod billable, MethodBasedEvaluationContext context) {
		if (billable.idempotencyKey() == null) {
			return null;
		}
		Object value = evaluate(billable, billable.idempotencyKey(), context, "idempotencyKey");
		if (value == null || value.toString().isBlank()) {
			return null;
		}
		return value.toString();
	}

	private @Nullable Object evaluate(BillableMethod billable, Expression expression,
			MethodBasedEvaluationContext context, String attribute) {
		try {
			return expression.getValue(context);
		}
		catch (EvaluationException ex) {
			throw new InvalidRequestException(attribute, "@Billable method " + billable.name() + ": " + attribute + " '"
					+ expression.getExpressionString() + "' failed: " + ex.getMessage());
		}
	}

	/**
	 * Captures the hold of a call that returned. Whatever goes wrong here is raised as
	 * {@link UsageNotRecordedException}: the method's work is done, and the caller must hear that
	 * its billing was not, as an error of its own rather than as whatever the store threw.
	 */
	private void capture(BillableMethod billable, Hold hold, String eventId, MethodBasedEvaluationContext context,
			@Nullable Object result) {
		try {
			captureOrRecord(billable, hold, eventId, context, result);
		}
		catch (RuntimeException ex) {
			logger.warn("@Billable method " + billable.name() + " returned, but capturing its hold " + hold.id()
					+ " failed; the hold expires unless the capture was committed", ex);
			throw new UsageNotRecordedException(billable.name(), hold.customer(), hold.product(), hold.id(), eventId,
					ex);
		}
	}

	private void captureOrRecord(BillableMethod billable, Hold hold, String eventId,
			MethodBasedEvaluationContext context, @Nullable Object result) {
		BigDecimal quantity = hold.quantity();
		if (billable.quantityReadsResult() || billable.cost() != null) {
			context.setVariable("result", result);
		}
		if (billable.quantityReadsResult()) {
			try {
				quantity = quantity(billable, billable.quantity(), context);
			}
			catch (InvalidRequestException ex) {
				logger.warn("@Billable method " + billable.name() + " returned, but its quantity could not be read ("
						+ ex.getMessage() + "): capturing the authorized quantity");
			}
		}
		BigDecimal cost = cost(billable, context);
		try {
			this.ledger.capture(hold.id(), Capture.of(eventId).quantity(quantity).cost(cost));
		}
		catch (InsufficientBalanceException ex) {
			logger.warn("@Billable method " + billable.name() + " produced " + quantity.toPlainString() + " "
					+ billable.product().unitPlural() + " but only " + hold.quantity().toPlainString()
					+ " were authorized and the wallet cannot cover the rest: capturing the authorized quantity");
			this.ledger.capture(hold.id(), Capture.of(eventId).quantity(hold.quantity()).cost(cost));
		}
		catch (HoldNotActiveException ex) {
			if (ex.status() != HoldStatus.EXPIRED) {
				throw ex;
			}
			logger.warn("@Billable method " + billable.name() + " outlived its hold " + hold.id()
					+ ": recording the usage directly");
			this.ledger.record(
					new UsageEvent(eventId, hold.customer(), hold.product(), quantity, hold.dimensions(), null, cost));
		}
	}

	/**
	 * The call's actual vendor cost, or {@code null} for the product's configured one: when there
	 * is no cost expression, when it gives {@code null}, and when what it gives cannot be recorded.
	 * The method has done its work by then, and the cost is the operator's bookkeeping, not the
	 * customer's fee: refusing the capture would lose a charge the customer owes, so the usage is
	 * charged as usual, with the configured cost, and a warning says why.
	 */
	private @Nullable BigDecimal cost(BillableMethod billable, MethodBasedEvaluationContext context) {
		Expression expression = billable.cost();
		if (expression == null) {
			return null;
		}
		String field = "cost";
		try {
			Object value = evaluate(billable, expression, context, field);
			if (value == null) {
				return null;
			}
			try {
				return Money.notNegative(exactDecimal(value, field), field);
			}
			catch (InvalidRequestException ex) {
				throw new InvalidRequestException(field, "@Billable method " + billable.name() + ": cost '"
						+ expression.getExpressionString() + "' gave an unfit cost: " + reason(ex));
			}
		}
		catch (InvalidRequestException ex) {
			logger.warn("@Billable method " + billable.name() + " returned, but its cost could not be read ("
					+ ex.getMessage() + "): capturing the usage with the product's configured vendor cost");
			return null;
		}
	}

	private void release(Hold hold, Throwable cause) {
		try {
			this.ledger.release(hold.id());
		}
		catch (RuntimeException ex) {
			cause.addSuppressed(ex);
		}
	}

}
