package io.credyt.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLRecoverableException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

/**
 * Wraps a {@link DataSource} so that a test decides what each commit does: count it, or fail it
 * the way a dropped connection does (nothing committed, the commit throws).
 */
public final class Commits {

	private Commits() {
	}

	/** What a connection's commit does instead. */
	@FunctionalInterface
	public interface Commit {

		void commit(Connection connection) throws Exception;

	}

	/**
	 * Counts commits, and fails the next one (rolled back, then thrown) while {@code failNext} is set.
	 * @param target the data source
	 * @param commits counts the commits that went through
	 * @param failNext set to fail the next commit once (cleared when it fails)
	 * @return the wrapped data source
	 */
	public static DataSource counting(DataSource target, AtomicLong commits, AtomicBoolean failNext) {
		return wrap(target, (connection) -> {
			if (failNext.compareAndSet(true, false)) {
				dropped(connection);
			}
			commits.incrementAndGet();
			connection.commit();
		});
	}

	/**
	 * Fails every commit (rolled back, then thrown) while {@code fail} is set.
	 * @param target the data source
	 * @param fail whether commits fail
	 * @return the wrapped data source
	 */
	public static DataSource failing(DataSource target, AtomicBoolean fail) {
		return wrap(target, (connection) -> {
			if (fail.get()) {
				dropped(connection);
			}
			connection.commit();
		});
	}

	private static void dropped(Connection connection) throws Exception {
		connection.rollback();
		throw new SQLRecoverableException("connection dropped before the commit");
	}

	/**
	 * Wraps the data source's connections so that {@code commit} runs the given action.
	 * @param target the data source
	 * @param commit what a commit does
	 * @return the wrapped data source
	 */
	public static DataSource wrap(DataSource target, Commit commit) {
		ClassLoader loader = Commits.class.getClassLoader();
		return (DataSource) Proxy.newProxyInstance(loader, new Class<?>[] { DataSource.class },
				(proxy, method, args) -> {
					Object result = invoke(target, method, args);
					if (result instanceof Connection connection) {
						return Proxy.newProxyInstance(loader, new Class<?>[] { Connection.class },
								(cproxy, cmethod, cargs) -> {
									if (cmethod.getName().equals("commit")) {
										commit.commit(connection);
										return null;
									}
									return invoke(connection, cmethod, cargs);
								});
					}
					return result;
				});
	}

	private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

}
