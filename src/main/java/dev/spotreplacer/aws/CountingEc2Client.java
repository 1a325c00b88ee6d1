package dev.spotreplacer.aws;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Wraps a shared {@link Ec2Client} so that one invocation's calls are counted per EC2 action.
 *
 * <p>A per-invocation wrapper rather than an SDK interceptor: the client is shared by concurrent
 * invocations, and an interceptor could not tell them apart. Paginators and waiters are run on
 * the wrapper itself, so each page they fetch is counted too.
 */
public final class CountingEc2Client {

  private CountingEc2Client() {}

  public static Ec2Client wrap(Ec2Client delegate, ApiCalls calls) {
    InvocationHandler handler = (proxy, method, args) -> {
      if (buildsItsOwnRequest(method) || isPaginator(method)) {
        // Consumer<Builder> and no-argument overloads, and paginators: let the interface build
        // the request and call back into this proxy, where each call is counted once.
        return InvocationHandler.invokeDefault(proxy, method, args);
      }
      if (takesSdkRequest(method)) {
        calls.record(actionName(method.getName()));
      }
      try {
        return method.invoke(delegate, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return (Ec2Client) Proxy.newProxyInstance(Ec2Client.class.getClassLoader(),
        new Class<?>[] {Ec2Client.class}, handler);
  }

  private static boolean buildsItsOwnRequest(Method method) {
    if (!method.isDefault()) {
      return false;
    }
    if (method.getParameterCount() == 1 && method.getParameterTypes()[0] == Consumer.class) {
      return true;
    }
    return method.getParameterCount() == 0 && SdkResponse.class.isAssignableFrom(method.getReturnType());
  }

  private static boolean isPaginator(Method method) {
    return method.isDefault() && method.getName().endsWith("Paginator");
  }

  private static boolean takesSdkRequest(Method method) {
    return method.getParameterCount() == 1 && SdkRequest.class.isAssignableFrom(method.getParameterTypes()[0]);
  }

  static String actionName(String methodName) {
    return Character.toUpperCase(methodName.charAt(0)) + methodName.substring(1);
  }
}
