# Runs a command on a pseudo-terminal of a given size, as a person's terminal would, and records
# every byte it writes. Used by the terminal tests (python3's standard library only).
#   python3 pty-run.py ROWS COLS TRANSCRIPT CTRL_C_AFTER -- COMMAND...
# CTRL_C_AFTER: text; once the output holds it, a Ctrl-C is typed; "a|b" types one after a, then
# one after b; "-" for never. "a=>KEYS" types KEYS instead of a Ctrl-C (Python escapes: "\r" is
# Enter), as a person answers a question: "nap |[c/D] =>d\r".
# Exits with the command's exit code (128 + signal when a signal ended it).
import fcntl, os, pty, select, struct, sys, termios, time

rows, cols, transcript, trigger = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
command = sys.argv[sys.argv.index("--") + 1:]

pid, fd = pty.fork()
if pid == 0:
    # The child's terminal gets its size before the command can ask for it.
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    os.execvp(command[0], command)

seen = b""

def keys(item):
    text, _, typed = item.partition("=>")
    return text.encode(), typed.encode().decode("unicode_escape").encode() if _ else b"\x03"

triggers = [] if trigger == "-" else [keys(t) for t in trigger.split("|")]
deadline = time.time() + 120
with open(transcript, "wb") as out:
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if fd in ready:
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            out.write(data)
            out.flush()
            seen = (seen + data)[-65536:]
        if triggers and triggers[0][0] in seen:
            time.sleep(0.5)
            os.write(fd, triggers[0][1])
            seen = b""
            triggers.pop(0)
_, status = os.waitpid(pid, 0)
sys.exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))
