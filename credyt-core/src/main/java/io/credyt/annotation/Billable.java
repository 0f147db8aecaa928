package io.credyt.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Bills each call of a method: before it runs, the customer's entitlements and wallet are
 * authorized for the usage (a hold); when it returns, the hold is captured as a usage event
 * and a debit; when it throws, the hold is released, nothing is charged, and the exception is
 * rethrown unchanged. A wallet that cannot cover the usage raises
 * {@link io.credyt.ledger.InsufficientBalanceException} and the method is not invoked.
 *
 * <p>
 * Every attribute but {@link #product()} is a SpEL expression over the method's arguments
 * ({@code #request}, {@code #p0}, {@code #a0}), beans ({@code @pricing}) and, after the call,
 * its return value ({@code #result}); {@code ${…}} placeholders are resolved first. Mistakes that
 * can be found at start-up (an unknown product or dimension, SpEL that does not parse, no way to
 * find the customer) fail the start-up with a message that names the method.
 *
 * <pre class="code">
 * &#64;Billable(product = "image", dimensions = "quality=#request.hd ? 'hd' : 'standard'")
 * public Image generate(ImageRequest request) { … }
 * </pre>
 *
 * May annotate a class or interface method of any Spring bean; calls through the bean's proxy
 * are billed (a call from inside the same object is not, as with {@code @Transactional}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Billable {

	/**
	 * The product code, as declared under {@code credyt.products}.
	 * @return the product code
	 */
	String product();

	/**
	 * Who pays: a SpEL expression for the customer's external id. Empty: the
	 * {@link CustomerResolver} bean decides (with Spring Security, the signed-in principal's
	 * name).
	 * @return the customer expression
	 */
	String customer() default "";

	/**
	 * How many units the call uses: a SpEL expression giving a number. May read {@code #result}
	 * to bill what the call actually produced; the hold is then placed for {@link #estimate()}.
	 * @return the quantity expression
	 */
	String quantity() default "1";

	/**
	 * The quantity to authorize before the call when {@link #quantity()} reads {@code #result}.
	 * @return the estimate expression
	 */
	String estimate() default "1";

	/**
	 * Dimension values, each {@code name=expression}: {@code "quality=#request.quality"}. An
	 * expression that gives {@code null} leaves the dimension out.
	 * @return the dimensions
	 */
	String[] dimensions() default {};

	/**
	 * The usage event id, which makes a retried call bill once: a SpEL expression. Empty, or an
	 * expression that gives {@code null} or blank text: a new id for each invocation. A call
	 * retried with a key that was billed already runs the method again and is not charged again.
	 * @return the idempotency key expression
	 */
	String idempotencyKey() default "";

	/**
	 * What the call actually cost the operator, in the base currency: a SpEL expression evaluated
	 * after the method returns, usually from {@code #result} ({@code "#result.costUsd()"}), giving
	 * a {@link java.math.BigDecimal}, a whole number ({@code int}, {@code long},
	 * {@link java.math.BigInteger}) or text such as {@code "0.0123"}. Never a {@code double} or
	 * {@code float}, which cannot carry an exact amount: such a value is refused, and an
	 * expression with a decimal literal ({@code 0.05}) fails the start-up. Empty, or an
	 * expression that gives {@code null}: the product's configured {@code vendor-cost} ×
	 * quantity.
	 * <p>
	 * The cost is bookkeeping for the profitability report and never changes what the customer
	 * pays. A value the ledger cannot take (negative, more than 12 fraction digits, absurdly large,
	 * not a number, or an expression that fails) does not cost the call its charge: the work is
	 * done, so the usage is captured with the configured cost and a warning names the method.
	 * @return the cost expression
	 */
	String cost() default "";

}
