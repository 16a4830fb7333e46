package cli

import (
	"context"
	"errors"
)

func cmdRollBench(ctx context.Context, env Env, args []string) error { return errors.New("todo") }
