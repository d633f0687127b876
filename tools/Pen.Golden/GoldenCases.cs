using Pen.Simulation.Scenarios;

namespace Pen.Golden
{
    /// <summary>
    /// The standard cases recorded as golden traces: short, deterministic (fixed seed, jitter but no pauses, so every
    /// recorded value fits a 16-bit integer), and each exercising a different part of the core.
    /// </summary>
    public static class GoldenCases
    {
        /// <summary>(class name suffix, test method name, scenario).</summary>
        public static (string Name, string Test, Scenario Scenario)[] All() => new[]
        {
            ("StartTreatStop", "Start_treat_on_skin_and_stop_replays_the_recorded_outputs", StartTreatStop()),
            ("JamStop", "A_jam_while_running_replays_the_recorded_fault_reaction", JamStop()),
            ("CordedSpeedSteps", "Corded_pen_speed_steps_replay_the_recorded_outputs", CordedSpeedSteps()),
        };

        private static Scenario Base(string name, string plant, int seed, double durationS)
        {
            var s = new Scenario { Name = name, Plant = plant, Seed = seed, DurationS = durationS };
            s.Tick = new TickPattern { JitterMs = 2, PauseProbability = 0 };
            s.Initial = new InitialConditions { Cartridge = true, Needles = 12, DepthMm = 1.0, StateOfCharge = 0.9, AmbientC = 23 };
            return s;
        }

        /// <summary>RP-1: start with a held main button, skin contact, lift-off, stop.</summary>
        private static Scenario StartTreatStop()
        {
            Scenario s = Base("golden start-treat-stop", "RP-1", 11, 3.2);
            s.Events.Add(new ButtonEvent { AtS = 0.2, Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.2 });
            s.Events.Add(new SkinEvent { AtS = 1.8, Contact = true, LoadScale = 1, RampMs = 50 });
            s.Events.Add(new SkinEvent { AtS = 2.4, Contact = false, RampMs = 20 });
            s.Events.Add(new ButtonEvent { AtS = 2.6, Button = ButtonId.Main, Action = ButtonAction.Press });
            return s;
        }

        /// <summary>RP-1: start, then the cam jams.</summary>
        private static Scenario JamStop()
        {
            Scenario s = Base("golden jam-stop", "RP-1", 12, 2.8);
            s.Events.Add(new ButtonEvent { AtS = 0.2, Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.2 });
            s.Events.Add(new FaultEvent { AtS = 2.0, Kind = FaultKind.Jam });
            return s;
        }

        /// <summary>RP-2 (corded): start, two speed steps up, one down.</summary>
        private static Scenario CordedSpeedSteps()
        {
            Scenario s = Base("golden corded-speed-steps", "RP-2", 13, 3.0);
            s.Events.Add(new ButtonEvent { AtS = 0.2, Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.2 });
            s.Events.Add(new ButtonEvent { AtS = 1.8, Button = ButtonId.Plus, Action = ButtonAction.Press });
            s.Events.Add(new ButtonEvent { AtS = 2.2, Button = ButtonId.Plus, Action = ButtonAction.Press });
            s.Events.Add(new ButtonEvent { AtS = 2.6, Button = ButtonId.Minus, Action = ButtonAction.Press });
            return s;
        }
    }
}
