package io.associationgateway.bench;

import java.lang.management.ManagementFactory;

import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.sun.tools.attach.VirtualMachine;

/**
 * The target's own counters over JMX, through the Attach API's local management agent (no port opened): process CPU
 * time in ns ({@code OperatingSystemMXBean.getProcessCpuTime}) and the bytes all its threads allocated since start,
 * ended threads included ({@code ThreadMXBean.getTotalThreadAllocatedBytes}). Attached only for the cost phases: the
 * agent adds a few MiB and some idle threads to the target, so RSS and ready-time phases do without it.
 */
final class Jmx implements AutoCloseable {

  private final JMXConnector connector;
  private final com.sun.management.OperatingSystemMXBean os;
  private final com.sun.management.ThreadMXBean threads;

  private Jmx(JMXConnector connector) throws Exception {
    this.connector = connector;
    var server = connector.getMBeanServerConnection();
    this.os = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME,
        com.sun.management.OperatingSystemMXBean.class);
    this.threads = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.THREAD_MXBEAN_NAME, com.sun.management.ThreadMXBean.class);
  }

  static Jmx attach(long pid) throws Exception {
    var vm = VirtualMachine.attach(Long.toString(pid));
    String address;
    try {
      address = vm.startLocalManagementAgent();
    } finally {
      vm.detach();
    }
    return new Jmx(JMXConnectorFactory.connect(new JMXServiceURL(address)));
  }

  long cpuNanos() {
    return this.os.getProcessCpuTime();
  }

  long allocatedBytes() {
    return this.threads.getTotalThreadAllocatedBytes();
  }

  @Override
  public void close() {
    try {
      this.connector.close();
    } catch (Exception ignored) {
      // the target is going away
    }
  }
}
