29078 tmux: server 1
