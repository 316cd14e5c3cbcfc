"""The sandbox's seccomp filter: compiled once per process by libseccomp, handed to bwrap as BPF.

bubblewrap installs the program (``--seccomp FD``) after it has built the
namespaces and right before it executes the interpreter, so no line of the
code — nor of the interpreter's start-up — runs unfiltered (the gap that let
code escape Dify's sandbox, langgenius/dify-sandbox#27).

The policy is a deny-list on top of namespaces, not an allow-list: every
syscall an ordinary program makes stays allowed, so a new CPython, numpy or
glibc release cannot die with SIGSYS (Dify's #38105). What is refused answers
with an errno, never a signal, and is the kernel surface no analysis code
needs: mounts and namespaces, kernel modules and keys, tracing other
processes, BPF, perf, io_uring, userfaultfd, packet, crypto-API and other exotic socket families,
and terminal injection. ``clone3`` answers ENOSYS so libc falls back to
``clone``, whose flags can be checked (clone3 keeps them in memory a filter
cannot read).

libseccomp is used through ``pyseccomp`` (ctypes bindings that follow the
official Python bindings' API) so that no compiler is needed; the BPF it
produces also checks the architecture, so 32-bit or x32 syscalls cannot slip
past the filter.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import socket

# file systems and namespaces
_FILESYSTEMS = (
    "mount",
    "umount",
    "umount2",
    "pivot_root",
    "chroot",
    "unshare",
    "setns",
    "fsopen",
    "fsconfig",
    "fsmount",
    "fspick",
    "move_mount",
    "open_tree",
    "mount_setattr",
    "open_by_handle_at",
    "name_to_handle_at",
    "quotactl",
    "quotactl_fd",
    "swapon",
    "swapoff",
)
# the kernel itself
_KERNEL = (
    "init_module",
    "finit_module",
    "delete_module",
    "kexec_load",
    "kexec_file_load",
    "reboot",
    "acct",
    "syslog",
    "uselib",
    "_sysctl",
    "lookup_dcookie",
    "vhangup",
    "iopl",
    "ioperm",
    "modify_ldt",
    "settimeofday",
    "clock_settime",
    "clock_adjtime",
    "adjtimex",
    "sethostname",
    "setdomainname",
    "personality",
)
# keys, tracing other processes, BPF, perf and other large attack surfaces
_SURFACES = (
    "add_key",
    "request_key",
    "keyctl",
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "kcmp",
    "bpf",
    "perf_event_open",
    "userfaultfd",
    "fanotify_init",
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
)
DENIED = _FILESYSTEMS + _KERNEL + _SURFACES

CLONE_NAMESPACE_FLAGS = (
    0x00020000,  # CLONE_NEWNS
    0x02000000,  # CLONE_NEWCGROUP
    0x04000000,  # CLONE_NEWUTS
    0x08000000,  # CLONE_NEWIPC
    0x10000000,  # CLONE_NEWUSER
    0x20000000,  # CLONE_NEWPID
    0x40000000,  # CLONE_NEWNET
)
# Netlink stays: getaddrinfo and getifaddrs use it, and without capabilities it only reads the
# sandbox's own (empty) network namespace.
ALLOWED_SOCKET_FAMILIES = (socket.AF_UNIX, socket.AF_INET, socket.AF_INET6, socket.AF_NETLINK)
MAX_SOCKET_FAMILY = 64
TIOCSTI = 0x5412
TIOCLINUX = 0x541C


class SeccompUnavailable(RuntimeError):
    """libseccomp (or its bindings) is missing; the reason is safe to show an operator."""


def _library():
    try:
        import pyseccomp
    except (ImportError, OSError) as exc:  # pyseccomp raises at import when libseccomp.so.2 is missing
        raise SeccompUnavailable(f"libseccomp is not available ({exc})") from None
    return pyseccomp


@functools.cache
def filter_program() -> bytes:
    """The BPF program (struct sock_filter[]) bwrap loads; built once per process."""
    seccomp = _library()
    rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    for name in DENIED:
        _deny(seccomp, rules, name, seccomp.ERRNO(errno.EPERM))
    _deny(seccomp, rules, "clone3", seccomp.ERRNO(errno.ENOSYS))
    for flag in CLONE_NAMESPACE_FLAGS:
        rules.add_rule(seccomp.ERRNO(errno.EPERM), "clone", seccomp.Arg(0, seccomp.MASKED_EQ, flag, flag))
    for family in range(MAX_SOCKET_FAMILY):
        if family not in ALLOWED_SOCKET_FAMILIES:
            rules.add_rule(seccomp.ERRNO(errno.EAFNOSUPPORT), "socket", seccomp.Arg(0, seccomp.EQ, family))
    rules.add_rule(seccomp.ERRNO(errno.EAFNOSUPPORT), "socket", seccomp.Arg(0, seccomp.GE, MAX_SOCKET_FAMILY))
    for request in (TIOCSTI, TIOCLINUX):
        rules.add_rule(seccomp.ERRNO(errno.EPERM), "ioctl", seccomp.Arg(1, seccomp.MASKED_EQ, 0xFFFFFFFF, request))
    with os.fdopen(os.memfd_create("tomato-seccomp-build", os.MFD_CLOEXEC), "w+b") as buffer:
        rules.export_bpf(buffer)
        buffer.seek(0)
        return buffer.read()


def _deny(seccomp, rules, name: str, action: int) -> None:
    with contextlib.suppress(ValueError, OSError):  # no such syscall here (e.g. modify_ldt on aarch64)
        rules.add_rule(action, name)


def program_fd() -> int:
    """A fresh, close-on-exec memfd holding the program, positioned at its start (bwrap reads it)."""
    program = filter_program()
    fd = os.memfd_create("tomato-seccomp", os.MFD_CLOEXEC)
    os.write(fd, program)
    os.lseek(fd, 0, os.SEEK_SET)
    return fd
