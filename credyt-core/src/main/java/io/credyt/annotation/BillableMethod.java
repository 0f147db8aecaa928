package io.credyt.annotation;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.Expression;
import org.springframework.expression.ExpressionParser;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.FloatLiteral;
import org.springframework.expression.spel.ast.RealLiteral;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.util.StringValueResolver;

import io.credyt.catalog.Catalog;
import io.credyt.catalog.InvalidDimensionException;
import io.credyt.catalog.Product;
import io.credyt.catalog.UnknownProductException;

/**
 * What a {@link Billable} method bills, parsed once: its product and its expressions.
 *
 * @param name the method, as {@code Class.method}, for messages
 * @param product the product
 * @param customer the customer expression, or {@code null} for the {@link CustomerResolver}
 * @param quantity the quantity expression
 * @param estimate the expression for the quantity to authorize
 * @param quantityReadsResult whether the quantity is known only after the call
 * @param dimensions the dimension expressions by name
 * @param idempotencyKey the usage event id expression, or {@code null} for a new id per call
 * @param cost the actual vendor cost expression, or {@code null} for the product's configured cost
 */
record BillableMethod(String name, Product product, @Nullable Expression customer, Expression quantity,
		Expression estimate, boolean quantityReadsResult, Map<String, Expression> dimensions,
		@Nullable Expression idempotencyKey, @Nullable Expression cost) {

	/**
	 * Reads and checks a method's {@link Billable} annotation.
	 * @param method the annotated method (of the target class or an interface)
	 * @param targetClass the class whose method is called
	 * @param catalog the products
	 * @param parser the SpEL parser
	 * @param placeholders resolves {@code ${…}} before parsing, or {@code null}
	 * @param customerResolverAvailable whether a {@link CustomerResolver} exists
	 * @return the parsed method
	 * @throws IllegalStateException naming the method, when the annotation is wrong
	 */
	static BillableMethod of(Method method, Class<?> targetClass, Catalog catalog, ExpressionParser parser,
			@Nullable StringValueResolver placeholders, boolean customerResolverAvailable) {
		Billable billable = AnnotatedElementUtils.findMergedAnnotation(method, Billable.class);
		String name = targetClass.getSimpleName() + "." + method.getName();
		if (billable == null) {
			throw new IllegalStateException(name + " is not @Billable");
		}
		try {
			Product product = catalog.product(billable.product());
			Expression customer = billable.customer().isBlank() ? null
					: parse(parser, placeholders, billable.customer(), name, "customer");
			if (customer == null && !customerResolverAvailable) {
				throw new IllegalStateException("@Billable method " + name + " names no customer, and there is no "
						+ CustomerResolver.class.getSimpleName() + " bean (add Spring Security or define one)");
			}
			Expression estimate = parse(parser, placeholders, billable.estimate(), name, "estimate");
			if (readsResult(billable.estimate())) {
				throw new IllegalStateException(
						"@Billable method " + name + ": estimate is evaluated before the call and cannot read #result");
			}
			Map<String, Expression> dimensions = new LinkedHashMap<>();
			for (String dimension : billable.dimensions()) {
				int equals = dimension.indexOf('=');
				if (equals <= 0) {
					throw new IllegalStateException("@Billable method " + name + ": dimension '" + dimension
							+ "' is not of the form name=expression");
				}
				String dimensionName = dimension.substring(0, equals).trim();
				if (!product.dimensions().containsKey(dimensionName)) {
					throw new InvalidDimensionException(product.code(), dimensionName, null,
							"@Billable method " + name + " names a dimension the product does not declare "
									+ product.dimensions().keySet());
				}
				dimensions.put(dimensionName,
						parse(parser, placeholders, dimension.substring(equals + 1), name, "dimension " + dimensionName));
			}
			Expression key = billable.idempotencyKey().isBlank() ? null
					: parse(parser, placeholders, billable.idempotencyKey(), name, "idempotencyKey");
			Expression cost = billable.cost().isBlank() ? null
					: parse(parser, placeholders, billable.cost(), name, "cost");
			if (cost instanceof SpelExpression spel && hasDecimalLiteral(spel.getAST())) {
				throw new IllegalStateException("@Billable method " + name + ": cost '" + cost.getExpressionString()
						+ "' has a decimal literal, which SpEL reads as an inexact double; write it as text ('0.05')"
						+ " or a BigDecimal, or configure it as the product's vendor-cost");
			}
			return new BillableMethod(name, product, customer,
					parse(parser, placeholders, billable.quantity(), name, "quantity"), estimate,
					readsResult(billable.quantity()), Map.copyOf(dimensions), key, cost);
		}
		catch (UnknownProductException | InvalidDimensionException ex) {
			throw new IllegalStateException("@Billable method " + name + ": " + ex.getMessage(), ex);
		}
	}

	private static Expression parse(ExpressionParser parser, @Nullable StringValueResolver placeholders,
			String expression, String method, String attribute) {
		String resolved = (placeholders != null) ? placeholders.resolveStringValue(expression) : expression;
		if (resolved == null || resolved.isBlank()) {
			throw new IllegalStateException("@Billable method " + method + ": " + attribute + " is empty");
		}
		try {
			return parser.parseExpression(resolved);
		}
		catch (ParseException | IllegalArgumentException ex) {
			// SpEL reports some malformed expressions (a ternary missing its last operand) as
			// IllegalArgumentException rather than ParseException
			throw new IllegalStateException("@Billable method " + method + ": " + attribute + " '" + resolved
					+ "' is not valid SpEL: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Whether an expression has a literal such as {@code 0.05}: SpEL makes it a {@code double},
	 * which cannot carry an exact amount, so a cost written that way would be refused at every call.
	 */
	private static boolean hasDecimalLiteral(SpelNode node) {
		if (node instanceof RealLiteral || node instanceof FloatLiteral) {
			return true;
		}
		for (int i = 0; i < node.getChildCount(); i++) {
			if (hasDecimalLiteral(node.getChild(i))) {
				return true;
			}
		}
		return false;
	}

	private static boolean readsResult(String expression) {
		return expression.contains("#result");
	}

}
