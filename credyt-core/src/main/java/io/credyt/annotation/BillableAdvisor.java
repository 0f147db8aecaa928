package io.credyt.annotation;

import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;

/**
 * Applies the {@link BillableInterceptor} to methods annotated with {@link Billable}, on the class
 * or on an interface it implements. Its order decides where billing sits among other advice; to
 * capture only after a {@code @Transactional} method's transaction has committed, it must wrap
 * the transaction advice (a lower order than the transaction advisor's, which is
 * {@link org.springframework.core.Ordered#LOWEST_PRECEDENCE} by default).
 */
public final class BillableAdvisor extends AbstractPointcutAdvisor {

	private static final long serialVersionUID = 1L;

	private final transient BillableInterceptor interceptor;

	private final transient Pointcut pointcut = new AnnotationMatchingPointcut(null, Billable.class, true);

	public BillableAdvisor(BillableInterceptor interceptor, int order) {
		this.interceptor = interceptor;
		setOrder(order);
	}

	@Override
	public Pointcut getPointcut() {
		return this.pointcut;
	}

	@Override
	public BillableInterceptor getAdvice() {
		return this.interceptor;
	}

}
