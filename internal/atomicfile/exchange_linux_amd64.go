package atomicfile

// sysRenameat2 is renameat2's number (arch/x86/entry/syscalls/syscall_64.tbl),
// which the frozen syscall package does not define for amd64.
const sysRenameat2 = 316
