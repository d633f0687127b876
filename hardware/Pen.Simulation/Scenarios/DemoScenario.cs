namespace Pen.Simulation.Scenarios
{
    /// <summary>
    /// The built-in demo treatment: start on a held main button, two speed steps up, skin contact, lift-off,
    /// one step down, stop. Same timeline as Scenarios/examples/demo.json, so the demo needs no file.
    /// </summary>
    public static class DemoScenario
    {
        public static Scenario Build()
        {
            var s = new Scenario { Name = "demo", Plant = "RP-1", Seed = 1, DurationS = 14 };
            s.Tick = new TickPattern { JitterMs = 3, PauseProbability = 0.005, PauseMinMs = 20, PauseMaxMs = 50 };
            s.Initial = new InitialConditions { Cartridge = true, Needles = 12, DepthMm = 1.0, StateOfCharge = 0.9, AmbientC = 23 };
            s.Events.Add(new ButtonEvent { AtS = 0.5, Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.2 });
            s.Events.Add(new ButtonEvent { AtS = 3.0, Button = ButtonId.Plus, Action = ButtonAction.Press });
            s.Events.Add(new ButtonEvent { AtS = 3.4, Button = ButtonId.Plus, Action = ButtonAction.Press });
            s.Events.Add(new SkinEvent { AtS = 5.0, Contact = true, LoadScale = 1, RampMs = 50 });
            s.Events.Add(new SkinEvent { AtS = 8.0, Contact = false, RampMs = 20 });
            s.Events.Add(new ButtonEvent { AtS = 9.5, Button = ButtonId.Minus, Action = ButtonAction.Press });
            s.Events.Add(new ButtonEvent { AtS = 11.0, Button = ButtonId.Main, Action = ButtonAction.Press });
            return s;
        }
    }
}
